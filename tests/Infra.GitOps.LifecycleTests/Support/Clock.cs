namespace Infra.GitOps.LifecycleTests.Support;

/// <summary>Drives the fake clock while an operation waits on it (retry backoff): each timer the operation
/// creates is fired by advancing the clock exactly by its due time.</summary>
internal static class Clock
{
    public static async Task<T> RunAsync<T>(RecordingTimeProvider time, Task<T> operation)
    {
        while (true)
        {
            var timer = time.Timers.Reader.ReadAsync().AsTask();
            if (await Task.WhenAny(operation, timer) == operation)
            {
                return await operation;
            }

            time.Inner.Advance(await timer);
        }
    }
}
