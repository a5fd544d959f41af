// Package reminders reminds reporters before deadlines and alerts
// officials when reports are late: the reporting calendar and its rules
// (storage.ReminderRule), a pure planner (time + who has submitted + what
// was sent → messages due), the outbox dispatcher and the service loop that
// runs both, with a leader lock so only one instance plans at a time.
//
// It may import storage (the calendar, the people, the outbox),
// bot/chatmsg (the messages it sends and the Sender it sends them
// through) and locales; never the router, so the planner builds without
// the rest of the application.
package reminders
