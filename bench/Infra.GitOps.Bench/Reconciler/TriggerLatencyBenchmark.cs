using System.Text;
using Infra.GitOps.Bench.Git;
using Infra.GitOps.Engine;
using Infra.GitOps.Git;
using Infra.GitOps.Reconciler;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Hosting;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infra.GitOps.Bench.Reconciler;

/// <summary>
/// From <c>git push</c> to a local bare remote to <c>up</c> starting, through the running service
/// (<see cref="ReconcilerService"/>): once with a signed GitHub push webhook sent right after the push (target
/// under 1 s), once with polling only (target under the poll interval + 1 s). The stack runner is the real engine
/// over a zero-latency <see cref="FakeProvider"/>, so what is measured is the trigger: the push itself, the wake-up
/// or the poll wait, the fetch, compiling the head, the decision, the lock, the preview.
/// </summary>
public sealed class TriggerLatencyBenchmark : IBenchmark
{
    private const int WebhookRuns = 7;
    private const int PollRuns = 5;
    private const string Secret = "bench-secret";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public string Name => "reconciler";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        string root = Path.Combine(Path.GetTempPath(), "infra-gitops-bench-trigger-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var webhook = await MeasureAsync(Path.Combine(root, "webhook"), useWebhook: true, WebhookRuns, cancellationToken);
            var poll = await MeasureAsync(Path.Combine(root, "poll"), useWebhook: false, PollRuns, cancellationToken);
            return
            [
                new BenchmarkFigure("reconciler.push-to-up-webhook", Median(webhook), "ms", "<", 1000, "ms"),
                new BenchmarkFigure("reconciler.push-to-up-webhook-max", webhook.Max(), "ms", "<", 1000, "ms"),
                new BenchmarkFigure("reconciler.push-to-up-poll", Median(poll), "ms", "<", (PollInterval + TimeSpan.FromSeconds(1)).TotalMilliseconds, "ms (2 s poll + 1 s)"),
                new BenchmarkFigure("reconciler.push-to-up-poll-max", poll.Max(), "ms", "<", (PollInterval + TimeSpan.FromSeconds(1)).TotalMilliseconds, "ms (2 s poll + 1 s)"),
            ];
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<double[]> MeasureAsync(string directory, bool useWebhook, int runs, CancellationToken cancellationToken)
    {
        string remote = Path.Combine(directory, "remote.git");
        string work = Path.Combine(directory, "work");
        string state = Path.Combine(directory, "state");
        Directory.CreateDirectory(remote);
        Directory.CreateDirectory(work);
        await GitCli.RunAsync(remote, ["init", "--quiet", "--bare", "--initial-branch", "main"], null, cancellationToken);
        await GitCli.RunAsync(work, ["init", "--quiet", "--initial-branch", "main"], null, cancellationToken);
        await GitCli.RunAsync(work, ["remote", "add", "origin", remote], null, cancellationToken);
        Directory.CreateDirectory(Path.Combine(work, "stacks"));
        Directory.CreateDirectory(Path.Combine(work, "infra"));
        await File.WriteAllTextAsync(Path.Combine(work, "Pulumi.yaml"), "name: bench\n", cancellationToken);
        await File.WriteAllTextAsync(
            Path.Combine(work, "stacks", "dev.yaml"),
            "apiVersion: infra.gitops/v1\nkind: Stack\nmetadata:\n  name: dev\nspec:\n  sources: [\"infra/**/*.yaml\"]\n  providers:\n    aws: { region: eu-west-1 }\n",
            cancellationToken);
        await CommitAsync(work, 0, cancellationToken);
        await GitCli.RunAsync(work, ["push", "--quiet", "origin", "main"], null, cancellationToken);

        var options = new ReconcilerOptions
        {
            StateDirectory = state,
            Interval = useWebhook ? TimeSpan.FromHours(1) : PollInterval,
            Jitter = TimeSpan.Zero,
            ListenAddress = useWebhook ? new Uri("http://127.0.0.1:0") : null,
            WebhookSecret = Secret,
        };
        using var mirror = new GitRemoteMirror(
            new GitRemoteMirrorOptions { RemoteUrl = remote, CacheDirectory = Path.Combine(directory, "cache") },
            TimeProvider.System,
            NullLogger<GitRemoteMirror>.Instance);
        using var source = new GitRevisionSource(mirror, "main");
        var store = new FileStateStore("file://" + state, directory, "bench", null, TimeProvider.System);
        var recorder = new UpStartRecorder(new EngineStackRunner(new StackOperations(TimeProvider.System), store, new ProviderRegistry(new FakeProvider("aws"))));
        var reconciler = new Infra.GitOps.Reconciler.Reconciler(
            options, source, new CoreRepositoryCompiler(), store, recorder, new LogEventSink(NullLogger<LogEventSink>.Instance), TimeProvider.System, NullLogger<Infra.GitOps.Reconciler.Reconciler>.Instance);
        var health = new ReconcilerHealth();
        using var service = new ReconcilerService(reconciler, options, new ReconcileSignal(), health, TimeProvider.System, NullLoggerFactory.Instance);
        await service.StartAsync(cancellationToken);
        try
        {
            await recorder.WaitForUpAsync(await HeadAsync(work, cancellationToken), cancellationToken);
            using var client = useWebhook ? new HttpClient { BaseAddress = await AddressAsync(service, cancellationToken) } : null;
            var latencies = new double[runs];
            for (int run = 0; run < runs; run++)
            {
                await CommitAsync(work, run + 1, cancellationToken);
                string sha = await HeadAsync(work, cancellationToken);

                // Let the previous pass finish so that each push meets an idle service, as a real one would.
                while (await reconciler.Statuses.LoadAsync("dev", cancellationToken) is not { Result: Infra.GitOps.Reconciler.Status.ReconcileResult.Succeeded })
                {
                    await Task.Delay(10, cancellationToken);
                }

                long pushed = TimeProvider.System.GetTimestamp();
                await GitCli.RunAsync(work, ["push", "--quiet", "origin", "main"], null, cancellationToken);
                if (client is not null)
                {
                    using var response = await client.SendAsync(Push(), cancellationToken);
                    response.EnsureSuccessStatusCode();
                }

                long started = await recorder.WaitForUpAsync(sha, cancellationToken);
                latencies[run] = TimeProvider.System.GetElapsedTime(pushed, started).TotalMilliseconds;
            }

            return latencies;
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Uri> AddressAsync(ReconcilerService service, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (service.Webhooks?.Address is { } address)
            {
                return address;
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    private static HttpRequestMessage Push()
    {
        const string Body = """{"ref":"refs/heads/main"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(Encoding.UTF8.GetBytes(Body), Secret));
        return request;
    }

    private static async Task CommitAsync(string work, int generation, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(
            Path.Combine(work, "infra", "bucket.yaml"),
            $"apiVersion: infra.gitops/v1\nkind: Resource\nmetadata: {{ name: logs }}\nspec:\n  type: aws:s3/bucket:Bucket\n  properties: {{ bucket: logs-{generation} }}\n",
            cancellationToken);
        await GitCli.RunAsync(work, ["add", "-A"], null, cancellationToken);
        await GitCli.RunAsync(work, ["-c", "user.name=Bench", "-c", "user.email=bench@example.test", "commit", "--quiet", "-m", $"generation {generation}"], null, cancellationToken);
    }

    private static async Task<string> HeadAsync(string work, CancellationToken cancellationToken) =>
        (await GitCli.RunAsync(work, ["rev-parse", "HEAD"], null, cancellationToken)).Trim();

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
