namespace HtapRouter.Router.Monitoring;

/// <summary>One node's health-check history, SHOW POOL_HEALTH_CHECK_STATS' columns.</summary>
public sealed class HealthCheckStats
{
    private readonly Lock _lock = new();

    public long Total { get; private set; }

    public long Success { get; private set; }

    public long Fail { get; private set; }

    public long Skip { get; private set; }

    public long Retry { get; private set; }

    public long MaxRetry { get; private set; }

    public double MaxDurationMs { get; private set; }

    public double MinDurationMs { get; private set; }

    public double TotalDurationMs { get; private set; }

    public DateTimeOffset? LastCheck { get; private set; }

    public DateTimeOffset? LastSuccess { get; private set; }

    public DateTimeOffset? LastSkip { get; private set; }

    public DateTimeOffset? LastFailure { get; private set; }

    public double AverageRetry => Total == 0 ? 0 : (double)Retry / Total;

    public double AverageDurationMs => Total == 0 ? 0 : TotalDurationMs / Total;

    public void Record(bool success, int retries, TimeSpan duration)
    {
        lock (_lock)
        {
            var now = DateTimeOffset.Now;
            Total++;
            Retry += retries;
            MaxRetry = Math.Max(MaxRetry, retries);
            var ms = duration.TotalMilliseconds;
            MaxDurationMs = Math.Max(MaxDurationMs, ms);
            MinDurationMs = Total == 1 ? ms : Math.Min(MinDurationMs, ms);
            TotalDurationMs += ms;
            LastCheck = now;
            if (success)
            {
                Success++;
                LastSuccess = now;
            }
            else
            {
                Fail++;
                LastFailure = now;
            }
        }
    }

    public void RecordSkip()
    {
        lock (_lock)
        {
            Skip++;
            LastSkip = DateTimeOffset.Now;
        }
    }
}
