namespace Infra.GitOps.State;

/// <summary>
/// Dedicated threads for journal writers, kept for the next journal once one ends. A writer blocks in disk syncs, so
/// it must not run on the thread pool; starting a thread for each operation cost 0.5 to 3 ms on a busy machine
/// (<see cref="Thread.Start()"/> waits until the new thread runs). A thread idle for <see cref="IdleTimeout"/> ends.
/// Background threads: they never keep a process alive. Thread-safe.
/// </summary>
internal static class WriterThreads
{
    /// <summary>How long a thread waits for its next writer before it ends.</summary>
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private static readonly List<Worker> Idle = [];
    private static long started;

    /// <summary>The number of threads started so far.</summary>
    internal static long Started => Interlocked.Read(ref started);

    /// <summary>The number of threads waiting for a writer.</summary>
    internal static int IdleCount
    {
        get
        {
            lock (Idle)
            {
                return Idle.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="loop"/> on an idle writer thread or a new one; the task ends with it (faulted when it throws).</summary>
    public static Task Run(Action loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        Worker? worker = null;
        lock (Idle)
        {
            if (Idle.Count > 0)
            {
                worker = Idle[^1];
                Idle.RemoveAt(Idle.Count - 1);
            }
        }

        return (worker ?? Worker.Start()).Assign(loop);
    }

    private sealed class Worker
    {
        private readonly object gate = new();
        private Action? work;
        private TaskCompletionSource? done;

        public static Worker Start()
        {
            var worker = new Worker();
            Interlocked.Increment(ref started);
            var thread = new Thread(worker.Main) { IsBackground = true, Name = "infra-gitops journal writer" };
            thread.Start();
            return worker;
        }

        public Task Assign(Action loop)
        {
            // The writer's end must not run its awaiter's continuation on this thread: the thread goes back to the pool.
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                work = loop;
                done = completion;
                Monitor.Pulse(gate);
            }

            return completion.Task;
        }

        private void Main()
        {
            while (true)
            {
                Action loop;
                TaskCompletionSource completion;
                lock (gate)
                {
                    while (work is null)
                    {
                        if (!Monitor.Wait(gate, IdleTimeout) && work is null && Retire())
                        {
                            return;
                        }
                    }

                    loop = work;
                    completion = done!;
                    work = null;
                    done = null;
                }

                try
                {
                    loop();
                    completion.SetResult();
                }
                catch (Exception exception)
                {
                    // The thread's boundary: the writer's failure is its task's, and the thread serves the next one.
                    completion.SetException(exception);
                }

                lock (Idle)
                {
                    Idle.Add(this);
                }
            }
        }

        /// <summary>Leaves the idle list; false when a writer took this thread meanwhile (its work is on the way).</summary>
        private bool Retire()
        {
            lock (Idle)
            {
                return Idle.Remove(this);
            }
        }
    }
}
