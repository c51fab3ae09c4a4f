using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Infra.GitOps.LifecycleTests.Support;

/// <summary>A <see cref="FakeTimeProvider"/> that reports every finite timer created (a retry delay), so a test can
/// advance the clock exactly to it.</summary>
internal sealed class RecordingTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    public FakeTimeProvider Inner => inner;

    public Channel<TimeSpan> Timers { get; } = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }
}
