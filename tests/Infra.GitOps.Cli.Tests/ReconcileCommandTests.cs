using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Status;
using Infra.GitOps.Reconciler.Storage;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary>
/// <c>reconcile --once</c> for real: a Git repository as the remote, the local-lab example under a unique project
/// name, the real libvirt daemon. A new head is applied exactly once; status and history show it.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class ReconcileCommandTests
{
    private string _repo = null!;
    private string _project = null!;
    private string _state = null!;
    private string _cache = null!;

    [SetUp]
    public void SetUp()
    {
        (_repo, _project) = CliRun.CopyLocalLabAsUniqueProject();
        var project = _project;
        CliRun.Git(_repo, "init -q -b main");
        CliRun.Git(_repo, "add -A");
        CliRun.Git(_repo, "commit -qm first");
        _state = Path.Combine(_repo, ".infra", "state");
        _cache = Path.Combine(Path.GetTempPath(), "igt-cache-" + project);
    }

    [TearDown]
    public async Task TearDown()
    {
        // The reconciler's state directory is the repository's own backend, so destroy finds the same stack.
        await CliRun.RunAsync("destroy", "--repo", _repo, "--stack", "lab", "--yes");
        Directory.Delete(_repo, recursive: true);
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task ReconcileOnce_NewHead_AppliedExactlyOnceAndRecorded()
    {
        string[] reconcile = ["reconcile", "--repo", _repo, "--branch", "main", "--once", "--state-dir", _state, "--cache-dir", _cache];
        var first = await CliRun.RunAsync(reconcile);
        var second = await CliRun.RunAsync(reconcile);
        var status = await CliRun.RunAsync("status", "--state-dir", _state);
        var history = await CliRun.RunAsync("history", "--stack", "lab", "--state-dir", _state);

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), first.Output + first.Error);
            Assert.That(first.Output, Does.Contain("ReconcileSucceeded").And.Contain("+12"));
            Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.Success), second.Output + second.Error);
            Assert.That(second.Output, Does.Contain("UpToDate"));
            Assert.That(status.Output, Does.Contain("Ready=True"));
            Assert.That(history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "one run applied, the second skipped");
        });

        var statusJson = await CliRun.RunAsync("status", "--state-dir", _state, "--json");
        var historyJson = await CliRun.RunAsync("history", "--stack", "lab", "--state-dir", _state, "--json");
        using (var statuses = System.Text.Json.JsonDocument.Parse(statusJson.Output))
        using (var runs = System.Text.Json.JsonDocument.Parse(historyJson.Output))
        {
            var stored = statuses.RootElement.EnumerateArray().Single();
            var run = runs.RootElement.EnumerateArray().Single();
            Assert.Multiple(() =>
            {
                Assert.That(stored.GetProperty("stack").GetString(), Is.EqualTo("lab"));
                Assert.That(stored.GetProperty("result").GetString(), Is.EqualTo("Succeeded"));
                Assert.That(stored.GetProperty("lastAppliedRevision").GetString(), Is.EqualTo(HeadOf(_repo)));
                Assert.That(run.GetProperty("trigger").GetString(), Is.EqualTo("BranchMoved"));
                Assert.That(run.GetProperty("commit").GetProperty("sha").GetString(), Is.EqualTo(stored.GetProperty("lastAppliedRevision").GetString()));
            });
        }

        // A commit that touches no file of the stack moves the branch without running it, unless --every-stack.
        File.WriteAllText(Path.Combine(_repo, "NOTES.md"), "# notes\n");
        CliRun.Git(_repo, "add NOTES.md");
        CliRun.Git(_repo, "commit -qm notes");
        var filtered = await CliRun.RunAsync(reconcile);
        var everyStack = await CliRun.RunAsync([.. reconcile, "--every-stack"]);

        Assert.Multiple(() =>
        {
            Assert.That(filtered.ExitCode, Is.EqualTo(ExitCodes.Success), filtered.Output + filtered.Error);
            Assert.That(filtered.Output, Does.Contain("Unaffected"));
            Assert.That(everyStack.ExitCode, Is.EqualTo(ExitCodes.Success), everyStack.Output + everyStack.Error);
            Assert.That(everyStack.Output, Does.Contain("ReconcileSucceeded"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ReconcileStackNow_StalledStack_RunsAgainAsAManualRequest()
    {
        // An invalid head stalls the stack and applies nothing; a plain pass leaves a stalled stack alone, --now does not.
        var network = Path.Combine(_repo, "infra", "network.yaml");
        File.WriteAllText(network, File.ReadAllText(network).Replace("cidr:", "cidr: 10.300.0.0/24\n  cidrs:", StringComparison.Ordinal));
        CliRun.Git(_repo, "commit -qam broken");
        string[] reconcile = ["reconcile", "--repo", _repo, "--branch", "main", "--state-dir", _state, "--cache-dir", _cache];
        var first = await CliRun.RunAsync([.. reconcile, "--once"]);
        var second = await CliRun.RunAsync([.. reconcile, "--once"]);
        var now = await CliRun.RunAsync([.. reconcile, "--stack", "lab", "--now"]);
        var history = await new AuditTrail(new ReconcilerPaths(_state)).ReadAsync("lab", 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Failed), first.Output + first.Error);
            Assert.That(first.Output, Does.Contain("ReconcileStalled"));
            Assert.That(second.Output, Does.Contain("Stalled").And.Contain("ReconcileSkipped"), "a stalled stack waits for a new commit");
            Assert.That(now.Output, Does.Contain("ReconcileStalled"), now.Output + now.Error);
            Assert.That(history.Select(h => h.Trigger), Is.EqualTo(new ReconcileTrigger?[] { ReconcileTrigger.BranchMoved, ReconcileTrigger.Manual }));
        });
    }

    [Test]
    [CancelAfter(400_000)]
    public async Task ReconcileOnce_VmStoppedByHand_ReportedAsDriftAndBroughtBack()
    {
        // Drift checks follow the stack's cron schedule (minute resolution): every minute here, so the test waits
        // for the next minute after the apply at most.
        var stackFile = Path.Combine(_repo, "stacks", "lab.yaml");
        File.WriteAllText(stackFile, File.ReadAllText(stackFile).Replace("*/15 * * * *", "* * * * *", StringComparison.Ordinal));
        CliRun.Git(_repo, "commit -qam \"drift check every minute\"");
        string[] reconcile = ["reconcile", "--repo", _repo, "--branch", "main", "--once", "--state-dir", _state, "--cache-dir", _cache];
        var applied = await CliRun.RunAsync(reconcile);
        Assert.That(applied.ExitCode, Is.EqualTo(ExitCodes.Success), applied.Output + applied.Error);
        var appliedAt = DateTimeOffset.UtcNow;
        var web = $"{_project}-lab-web-0";
        Assert.That(CliRun.Virsh($"domstate {web}").Trim(), Is.EqualTo("running"));

        CliRun.Virsh($"destroy {web}");
        var nextMinute = new DateTimeOffset(appliedAt.Year, appliedAt.Month, appliedAt.Day, appliedAt.Hour, appliedAt.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var wait = nextMinute - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            // Stopping the VM may have taken the test past that minute already.
            await Task.Delay(wait);
        }
        var drift = await CliRun.RunAsync(reconcile);
        var history = await new AuditTrail(new ReconcilerPaths(_state)).ReadAsync("lab", 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(drift.ExitCode, Is.EqualTo(ExitCodes.Success), drift.Output + drift.Error);
            Assert.That(history.Select(h => h.Trigger), Is.EqualTo(new ReconcileTrigger?[] { ReconcileTrigger.BranchMoved, ReconcileTrigger.Drift }));
            Assert.That(history[^1].Reason, Is.EqualTo(Reasons.DriftRemediated));
            Assert.That(CliRun.Virsh($"domstate {web}").Trim(), Is.EqualTo("running"), "the stopped VM was started again");
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task ReconcileOnce_NotifyUrlAndGitHubStatus_PostTheAppliedEvent()
    {
        // A real HTTP endpoint on loopback stands in for both the chat webhook and GitHub's REST API (a fake GitHub).
        using var endpoint = new System.Net.HttpListener();
        var port = FreePort();
        endpoint.Prefixes.Add($"http://127.0.0.1:{port}/");
        endpoint.Start();
        var received = Task.Run(async () =>
        {
            var requests = new Dictionary<string, (string Body, string? Signature, string? Authorization)>();
            while (requests.Count < 2)
            {
                var context = await endpoint.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                requests[context.Request.Url!.AbsolutePath] = (await reader.ReadToEndAsync(), context.Request.Headers["X-Infra-GitOps-Signature-256"], context.Request.Headers["Authorization"]);
                context.Response.StatusCode = 201;
                context.Response.Close();
            }

            return requests;
        });
        Environment.SetEnvironmentVariable("IGT_NOTIFY_KEY", "s3cret");
        var savedToken = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        Environment.SetEnvironmentVariable("GITHUB_TOKEN", "ghp_cli-test");
        (int ExitCode, string Output, string Error) result;
        try
        {
            result = await CliRun.RunAsync(
                "reconcile", "--repo", _repo, "--branch", "main", "--once", "--state-dir", _state, "--cache-dir", _cache,
                "--notify-url", $"http://127.0.0.1:{port}/hooks/T000", "--notify-secret-env", "IGT_NOTIFY_KEY",
                "--github-status", "acme/infra", "--github-api-url", $"http://127.0.0.1:{port}/api/v3");
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITHUB_TOKEN", savedToken);
        }

        var requests = await received.WaitAsync(TimeSpan.FromSeconds(30));
        var head = HeadOf(_repo);
        var hook = requests["/hooks/T000"];
        var status = requests[$"/api/v3/repos/acme/infra/statuses/{head}"];
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Output + result.Error);
            Assert.That(hook.Body, Does.Contain("\"stack\":\"lab\"").And.Contain("\"reason\":\"ReconcileSucceeded\""));
            Assert.That(hook.Signature, Is.EqualTo("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("s3cret"u8, System.Text.Encoding.UTF8.GetBytes(hook.Body)))));
            Assert.That(status.Authorization, Is.EqualTo("Bearer ghp_cli-test"));
            Assert.That(status.Body, Does.Contain("\"state\":\"success\"").And.Contain("\"context\":\"infra-gitops/reconcile/lab\""));
        });
    }

    [TestCase("ftp://127.0.0.1/hook", "http or https")]
    [TestCase("https://user:pass@127.0.0.1/hook", "credentials")]
    public async Task ReconcileNotifyUrl_Invalid_IsAUsageError(string url, string expected)
    {
        var result = await CliRun.RunAsync("reconcile", "--repo", _repo, "--once", "--state-dir", _state, "--cache-dir", _cache, "--notify-url", url);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(result.Error, Does.Contain("--notify-url").And.Contain(expected));
            Assert.That(result.Error, Does.Not.Contain("pass@"));
        });
    }

    [Test]
    public async Task ReconcileNotifyUrl_EmptyWithASecret_IsAUsageErrorAsIfNotGiven()
    {
        // An unset ${NOTIFY_URL} in a systemd unit arrives as an empty argument: no webhook, so a secret for it is refused.
        Environment.SetEnvironmentVariable("IGT_NOTIFY_KEY", "s3cret");
        var result = await CliRun.RunAsync("reconcile", "--repo", _repo, "--once", "--state-dir", _state, "--cache-dir", _cache, "--notify-url", "", "--notify-secret-env", "IGT_NOTIFY_KEY");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(result.Error, Does.Contain("--notify-secret-env needs --notify-url"));
        });
    }

    [TestCase("acme", "OWNER/REPO")]
    [TestCase("acme/infra/extra", "OWNER/REPO")]
    public async Task ReconcileGitHubStatus_NotOwnerSlashRepo_IsAUsageError(string repository, string expected)
    {
        var result = await CliRun.RunAsync("reconcile", "--repo", _repo, "--once", "--state-dir", _state, "--cache-dir", _cache, "--github-status", repository);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(result.Error, Does.Contain(expected));
        });
    }

    [Test]
    public async Task ReconcileGitHubStatus_WithoutToken_IsAUsageError()
    {
        var savedToken = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        Environment.SetEnvironmentVariable("GITHUB_TOKEN", null);
        try
        {
            var result = await CliRun.RunAsync("reconcile", "--repo", _repo, "--once", "--state-dir", _state, "--cache-dir", _cache, "--github-status", "acme/infra");

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
                Assert.That(result.Error, Does.Contain("GITHUB_TOKEN"));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITHUB_TOKEN", savedToken);
        }
    }

    [Test]
    public async Task ReconcileNotifySecretEnv_NotSet_IsAUsageError()
    {
        var result = await CliRun.RunAsync(
            "reconcile", "--repo", _repo, "--once", "--state-dir", _state, "--cache-dir", _cache,
            "--notify-url", "http://127.0.0.1:9/hook", "--notify-secret-env", "IGT_NOT_SET_ANYWHERE");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(result.Error, Does.Contain("IGT_NOT_SET_ANYWHERE"));
        });
    }

    private static string HeadOf(string repository)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "rev-parse HEAD") { WorkingDirectory = repository, RedirectStandardOutput = true })!;
        var head = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return head;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Test]
    public async Task ReconcileNow_WithoutStack_IsAUsageError()
    {
        var result = await CliRun.RunAsync("reconcile", "--repo", _repo, "--now", "--state-dir", _state, "--cache-dir", _cache);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(result.Error, Does.Contain("--now and --allow-deletes need --stack"));
        });
    }
}
