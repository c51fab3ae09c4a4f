using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler.Hosting;

/// <summary>
/// <c>infra-gitops serve</c>: the long-running loop. Runs a pass, then waits <c>Interval ± Jitter</c> (or less, when a
/// webhook or request wakes it), until the host stops. On stop, stacks not yet started are left for the next
/// start; in stacks running, no new step starts, the steps in flight finish and are saved, and the run is recorded
/// as <see cref="Status.Reasons.Interrupted"/> (give the host a <c>ShutdownTimeout</c> longer than a step). Serves
/// the webhook, the manual trigger and <c>/healthz</c> when <see cref="ReconcilerOptions.ListenAddress"/> is set.
/// </summary>
public sealed class ReconcilerService : BackgroundService
{
    private readonly Reconciler reconciler;
    private readonly ReconcilerOptions options;
    private readonly ReconcileSignal signal;
    private readonly ReconcilerHealth health;
    private readonly TimeProvider timeProvider;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger<ReconcilerService> logger;

    /// <summary>Creates the service.</summary>
    public ReconcilerService(
        Reconciler reconciler,
        ReconcilerOptions options,
        ReconcileSignal signal,
        ReconcilerHealth health,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.reconciler = reconciler;
        this.options = options;
        this.signal = signal;
        this.health = health;
        this.timeProvider = timeProvider;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<ReconcilerService>();
    }

    /// <summary>The webhook server while running (null without <see cref="ReconcilerOptions.ListenAddress"/>).</summary>
    public WebhookServer? Webhooks { get; private set; }

    /// <summary>
    /// The wait before the next pass: <paramref name="interval"/> ± <paramref name="jitter"/>, with
    /// <paramref name="sample"/> in [0, 1) choosing where (0 is the shortest, 0.5 the interval itself).
    /// </summary>
    public static TimeSpan NextInterval(TimeSpan interval, TimeSpan jitter, double sample) =>
        interval + (jitter * ((2 * Math.Clamp(sample, 0, 1)) - 1));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ListenAddress is not null)
        {
            Webhooks = new WebhookServer(options, signal, health, loggerFactory.CreateLogger<WebhookServer>(), reconciler);
            await Webhooks.StartAsync(stoppingToken).ConfigureAwait(false);
        }

        health.SetRunning(true);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // On stop no stack starts; in those running, the engine starts no new step, lets the steps in
                    // flight finish and saves them, and the run is recorded as interrupted (retried at the next start).
                    await reconciler.RunPassCoreAsync(null, stoppingToken, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    // The loop's per-iteration boundary: a pass that failed as a whole (a compiler bug, a full disk)
                    // is logged and the next pass runs after the interval; the service never dies of one pass.
                    Log.PassCrashed(logger, exception);
                }

                health.PassFinished(timeProvider.GetUtcNow());
                var wait = NextInterval(options.Interval, options.Jitter, Random.Shared.NextDouble());
                Log.NextPass(logger, wait);
                try
                {
                    await signal.WaitAsync(wait, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            Log.Stopping(logger);
            health.SetRunning(false);
            if (Webhooks is { } webhooks)
            {
                await webhooks.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await webhooks.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
