package bench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"treembot/internal/config"
	"treembot/storage/sessions"
)

// percentile is the nearest-rank p-th percentile (0-100) of sorted, in ms.
func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return ms(sorted[i])
}

// ms is d in milliseconds, rounded to 0.01.
func ms(d time.Duration) float64 {
	return float64(d.Microseconds()/10) / 100
}

// serverCounts is what the servers behind a run have done so far: cfg's
// PostgreSQL database's transactions (each statement outside a transaction
// counting as one, a measure of round trips), its sessions (connections
// opened) and the CPU time of the backends serving it (read from /proc:
// the server is on this machine); and the whole Redis server's CPU time.
// A run's figures are the difference of two readings. Backends publish
// their counts within a second of going idle, hence the wait.
type serverCounts struct {
	xacts, sessions int64
	backends        map[int]time.Duration
	redisCPU        time.Duration
}

func readServerCounts(ctx context.Context, cfg config.Config) serverCounts {
	c := serverCounts{backends: map[int]time.Duration{}, redisCPU: redisCPU(ctx, cfg)}
	if cfg.DatabaseURL == "" {
		return c
	}
	time.Sleep(1500 * time.Millisecond)
	conn, err := pgx.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return c
	}
	defer conn.Close(ctx)
	_ = conn.QueryRow(ctx, "SELECT xact_commit + xact_rollback, sessions FROM pg_stat_database "+
		"WHERE datname = current_database()").Scan(&c.xacts, &c.sessions)
	rows, err := conn.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
	if err != nil {
		return c
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			c.backends[pid] = procCPU(pid)
		}
	}
	return c
}

// dbCPU is the CPU the database backends used between two readings.
func dbCPU(before, after serverCounts) time.Duration {
	var d time.Duration
	for pid, cpu := range after.backends {
		d += cpu - before.backends[pid]
	}
	return d
}

// procCPU is a process's user and system time from /proc (0 if unknown).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may
	// hold spaces: utime and stime are the 12th and 13th.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	return time.Duration(ut+st) * tick
}

// redisCPU is the Redis server's CPU time so far (0 without Redis).
func redisCPU(ctx context.Context, cfg config.Config) time.Duration {
	if cfg.RedisURL == "" {
		return 0
	}
	opts, err := sessions.ParseRedisURL(cfg.RedisURL)
	if err != nil {
		return 0
	}
	client := redis.NewClient(opts)
	defer client.Close()
	info, err := client.Info(ctx, "cpu").Result()
	if err != nil {
		return 0
	}
	var total float64
	for _, line := range strings.Split(info, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		if k == "used_cpu_sys" || k == "used_cpu_user" {
			f, _ := strconv.ParseFloat(v, 64)
			total += f
		}
	}
	return time.Duration(total * float64(time.Second))
}
