package bench

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/internal/app"
)

// durableBaselineChannel keeps the durable baseline's rows apart from the
// bot's own.
const durableBaselineChannel = "bench"

// durableHandler is the durable baseline: the least the invariants ask of
// an update, on the same library and transport as the adapter. One
// committed database transaction writing one row (a pending_replies
// insert), one Redis call (the update marked seen), one sendMessage.
func durableHandler(endpoint string, a *app.App) (http.Handler, error) {
	return minimalHandler(endpoint, func(ctx context.Context, u tgbotapi.Update, chat int64, text string) error {
		if _, err := a.Store.SavePendingReply(ctx, durableBaselineChannel, strconv.FormatInt(chat, 10), []byte(text)); err != nil {
			return err
		}
		_, err := a.Sessions.MarkSeen(ctx, "bench:"+strconv.Itoa(u.UpdateID), time.Hour)
		return err
	})
}

// addDurable puts the durable baseline's figures beside the bot's.
func addDurable(res *webhookResult, bot, durable *loadStats) {
	res.DurableUpdatesPerS, res.DurableP50, res.DurableP99 = durable.rate(), durable.p(50), durable.p(99)
	res.Errors += durable.errors
	if res.DurableUpdatesPerS > 0 {
		res.RatioDurable = float64(int(bot.rate()/res.DurableUpdatesPerS*1000)) / 1000
	}
	res.FirstError = firstOf(res.FirstError, durable.firstErr)
}

// runReplyLatency runs fresh users (a store of their own) through the bot
// under Telegram's production pacing at an offered o.replyRate updates a
// second, and records the time from each update's arrival to its last
// reply at the Bot API.
func runReplyLatency(ctx context.Context, env *Env, o webhookOptions, res *webhookResult) error {
	cfg, cleanup, err := benchStores(ctx, env.Cfg)
	if err != nil {
		return err
	}
	defer cleanup()
	clock, err := app.ClockFrom(benchNow)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, env.Log, clock)
	if err != nil {
		return err
	}
	defer a.Close()
	users, err := makeBenchUsers(ctx, a, min(o.users, 200))
	if err != nil {
		return err
	}
	ro := o
	ro.rate, ro.production = o.replyRate, true
	ro.duration = min(o.duration, 20*time.Second)
	if o.quick {
		ro.duration = min(o.duration, 5*time.Second)
	}
	st, err := runBotLoad(ctx, a, users, ro)
	if err != nil {
		return fmt.Errorf("reply latency run: %w", err)
	}
	res.ReplyP50, res.ReplyP99 = percentile(st.replies, 50), percentile(st.replies, 99)
	res.ReplyOffered, res.ReplyRate, res.ReplyCount = o.replyRate, st.rate(), len(st.replies)
	return nil
}
