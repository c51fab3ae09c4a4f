using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Infra.GitOps.Cli.Commands.Reconciling;
using Infra.GitOps.Reconciler.Hosting;
using Infra.GitOps.Reconciler.Status;
using Infra.GitOps.Reconciler.Storage;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary>
/// <c>serve</c> for real, as a child process (so that SIGTERM is a real signal): a local bare repository as the
/// remote, a small lab (a network, then a disk) on the real libvirt daemon, GitHub-style push webhooks signed with
/// the secret from the environment.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public partial class ServeCommandTests
{
    private const string Secret = "serve-test-secret";

    private readonly StringBuilder _log = new();
    private string _work = null!;
    private string _remote = null!;
    private string _first = null!;
    private string _state = null!;
    private string _cache = null!;
    private Process? _serve;

    [SetUp]
    public void SetUp()
    {
        (_work, _remote, _first, var project) = CliRun.CreateNetworkLabWithRemote();
        _state = Path.Combine(_work, ".infra", "state");
        _cache = Path.Combine(Path.GetTempPath(), "igt-cache-" + project);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_serve is { HasExited: false })
        {
            _serve.Kill();
            await _serve.WaitForExitAsync();
        }

        _serve?.Dispose();
        TestContext.Out.WriteLine(_log.ToString());

        // The state directory is the working repository's own backend, so destroy finds the same stack.
        await CliRun.RunAsync("destroy", "--repo", _work, "--stack", "lab", "--yes");
        CliRun.DeleteDirectories(_work, _remote, _cache);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Serve_SignedPush_AppliedAtOnce_BadSignatureRefused_SigtermExitsZero(CancellationToken cancellationToken)
    {
        // A real HTTP endpoint on loopback stands in for the chat webhook the events are posted to.
        using var chat = new HttpListener();
        var chatPort = FreePort();
        chat.Prefixes.Add($"http://127.0.0.1:{chatPort}/");
        chat.Start();
        var posted = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _ = Task.Run(async () =>
        {
            while (chat.IsListening)
            {
                try
                {
                    var context = await chat.GetContextAsync();
                    using var reader = new StreamReader(context.Request.InputStream);
                    posted.Enqueue(await reader.ReadToEndAsync());
                    context.Response.StatusCode = 204;
                    context.Response.Close();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        var address = await StartServeAsync(cancellationToken, "--notify-url", $"http://127.0.0.1:{chatPort}/hooks/T000");
        using var client = new HttpClient { BaseAddress = address };
        await WaitForAppliedAsync(_first, cancellationToken);
        using var health = await client.GetAsync("/healthz", cancellationToken);

        var second = CliRun.CommitAndPush(_work, "a disk", new Dictionary<string, string> { ["infra/disk.yaml"] = CliRun.Disk("web-data") });
        using var accepted = await client.SendAsync(Push(Secret), cancellationToken);
        await WaitForAppliedAsync(second, cancellationToken);
        var metrics = await client.GetStringAsync(WebhookServer.MetricsPath, cancellationToken);
        using var statusRequest = new HttpRequestMessage(HttpMethod.Get, WebhookServer.StatusPath);
        statusRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Secret);
        using var statusResponse = await client.SendAsync(statusRequest, cancellationToken);
        var statusDocuments = await statusResponse.Content.ReadAsStringAsync(cancellationToken);
        for (var i = 0; i < 100 && posted.Count < 2; i++)
        {
            await Task.Delay(100, cancellationToken);
        }

        var third = CliRun.CommitAndPush(_work, "a bigger disk", new Dictionary<string, string> { ["infra/disk.yaml"] = CliRun.Disk("web-data", 2) });
        using var refused = await client.SendAsync(Push("not-the-secret"), cancellationToken);

        // The poll interval is an hour: nothing but a webhook could start a pass; give a wrongly started one time to show.
        await Task.Delay(3000, cancellationToken);
        var afterRefusal = await StatusAsync(cancellationToken);
        var resources = await CliRun.RunAsync("stack", "resources", "--repo", _work, "--stack", "lab");

        using (var kill = Process.Start("kill", $"-TERM {_serve!.Id}"))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _serve.WaitForExitAsync(cancellationToken);
        var history = await new AuditTrail(new ReconcilerPaths(_state)).ReadAsync("lab", 20, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(afterRefusal?.LastAppliedRevision, Is.EqualTo(second), "the unsigned push was not applied");
            Assert.That(afterRefusal?.LastAttemptedRevision, Is.EqualTo(second));
            Assert.That(resources.Output, Does.Contain("web-data"), resources.Output + resources.Error);
            Assert.That(history.Where(h => h.Result == ReconcileResult.Succeeded && h.Trigger != Reconciler.Decisions.ReconcileTrigger.Schedule).Select(h => h.Commit?.Sha), Is.EqualTo(new[] { _first, second }));
            Assert.That(history.Select(h => h.Commit?.Sha), Does.Not.Contain(third));
            Assert.That(_serve.ExitCode, Is.EqualTo(ExitCodes.Success), _log.ToString());
            Assert.That(_log.ToString(), Does.Contain("Stopped"));
            Assert.That(metrics, Does.Contain("infra_gitops_stack_ready{stack=\"lab\"} 1").And.Contain("infra_gitops_up 1"));
            Assert.That(statusResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(statusDocuments, Does.Contain($"\"lastAppliedRevision\": \"{second}\""));
            Assert.That(posted.Where(p => p.Contains("\"reason\":\"ReconcileSucceeded\"", StringComparison.Ordinal)).Select(p => p.Contains(second, StringComparison.Ordinal)), Is.EqualTo(new[] { false, true }), string.Join("\n", posted));
        });
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static HttpRequestMessage Push(string secret)
    {
        var body = """{"ref":"refs/heads/main","after":"0000000000000000000000000000000000000000"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(Encoding.UTF8.GetBytes(body), secret));
        return request;
    }

    /// <summary>Starts <c>infra-gitops serve</c> on a free loopback port and returns its address once it listens.</summary>
    private async Task<Uri> StartServeAsync(CancellationToken cancellationToken, params string[] extra)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "infra-gitops.dll"), "serve", "--repo", _remote, "--branch", "main",
            "--state-dir", _state, "--cache-dir", _cache, "--listen", "http://127.0.0.1:0", "--poll-interval", "1h",
        }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[ServeCommand.WebhookSecretVariable] = Secret;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _serve = new Process { StartInfo = start };
        _serve.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        _serve.ErrorDataReceived += (_, e) => OnLine(e.Data, listening);
        _serve.Start();
        _serve.BeginOutputReadLine();
        _serve.BeginErrorReadLine();
        var exited = _serve.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(listening.Task, exited) != listening.Task)
        {
            Assert.Fail($"serve exited ({_serve.ExitCode}) before listening:\n{_log}");
        }

        return await listening.Task;
    }

    private void OnLine(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private Task<StackStatus?> StatusAsync(CancellationToken cancellationToken) =>
        new StatusStore(new ReconcilerPaths(_state)).LoadAsync("lab", cancellationToken);

    private async Task WaitForAppliedAsync(string commit, CancellationToken cancellationToken)
    {
        while ((await StatusAsync(cancellationToken))?.LastAppliedRevision != commit)
        {
            Assert.That(_serve!.HasExited, Is.False, _log.ToString());
            await Task.Delay(100, cancellationToken);
        }
    }

    [GeneratedRegex(@"Listening for webhooks on (http://127\.0\.0\.1:\d+/?)")]
    private static partial Regex ListeningLine();
}
