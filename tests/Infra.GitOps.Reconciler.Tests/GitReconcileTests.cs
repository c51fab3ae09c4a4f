using Infra.GitOps.Engine;
using Infra.GitOps.Git;
using Infra.GitOps.Loading;
using Infra.GitOps.Reconciler.Audit;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Hosting;
using Infra.GitOps.Reconciler.Outcomes;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Reconciler.Status;
using Infra.GitOps.Reconciler.Tests.Support;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests;

/// <summary>
/// The reconciler end to end over real parts: a local bare repository as the remote (pushed to with git), the
/// remote mirror, the repository compiler, the engine with the fake provider, and the file state store.
/// </summary>
[Category("Integration")]
public class GitReconcileTests
{
    private const string ProjectFile = "name: lab\n";

    private const string StackFile = """
        apiVersion: infra.gitops/v1
        kind: Stack
        metadata:
          name: dev
        spec:
          sources: ["infra/**/*.yaml"]
          providers:
            aws: { region: eu-west-1 }
          reconcile:
            maxDeletes: 5

        """;

    private TempDirectory directory = null!;
    private GitRemote git = null!;
    private FakeTimeProvider time = null!;
    private FakeProvider provider = null!;
    private RecordingEventSink events = null!;
    private readonly List<IDisposable> disposables = [];

    private string StateDirectory => Path.Combine(directory.Path, "state");

    private static string Bucket(string name, string property = "properties") => $"""
        apiVersion: infra.gitops/v1
        kind: Resource
        metadata: {"{"} name: extra {"}"}
        spec:
          type: aws:s3/bucket:Bucket
          {property}: {"{"} bucket: {name} {"}"}

        """;

    [SetUp]
    public void SetUp()
    {
        directory = new TempDirectory();
        git = new GitRemote(directory.Path);
        time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        provider = new FakeProvider("aws");
        events = new RecordingEventSink();
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var disposable in disposables)
        {
            disposable.Dispose();
        }

        directory.Dispose();
    }

    private Reconciler Create(string cacheName = "cache", string? remote = null) => Create(new ReconcilerOptions { StateDirectory = StateDirectory }, cacheName, remote);

    private Reconciler Create(ReconcilerOptions options, string cacheName = "cache", string? remote = null, IEventSink? sink = null)
    {
        var mirror = new GitRemoteMirror(
            new GitRemoteMirrorOptions { RemoteUrl = remote ?? git.RemotePath, CacheDirectory = Path.Combine(directory.Path, cacheName) },
            TimeProvider.System,
            NullLogger<GitRemoteMirror>.Instance);
        var source = new GitRevisionSource(mirror, "main");
        disposables.Add(source);
        disposables.Add(mirror);
        var store = new FileStateStore("file://" + StateDirectory, directory.Path, "lab", null, TimeProvider.System);
        var runner = new EngineStackRunner(new StackOperations(TimeProvider.System), store, new ProviderRegistry(provider));
        return new Reconciler(
            options,
            source,
            new CoreRepositoryCompiler(),
            store,
            runner,
            sink ?? events,
            time,
            NullLogger<Reconciler>.Instance);
    }

    private string PushFirst()
    {
        var sha = git.Commit("first", new Dictionary<string, string?>
        {
            ["Pulumi.yaml"] = ProjectFile,
            ["stacks/dev.yaml"] = StackFile,
            ["infra/bucket.yaml"] = Bucket("one"),
        });
        git.Push();
        return sha;
    }

    private int Creates => provider.CallsOf(FakeOperation.Create).Count;

    private int Deletes => provider.CallsOf(FakeOperation.Delete).Count;

    private int Updates => provider.CallsOf(FakeOperation.Update).Count;

    [Test]
    [CancelAfter(60000)]
    public async Task PushedCommit_IsAppliedExactlyOnce(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        var first = PushFirst();

        var applied = await reconciler.RunPassAsync(cancellationToken);
        var again = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(applied.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>(), string.Join("; ", applied.Outcomes));
            Assert.That(applied.Head, Is.EqualTo(first));
            Assert.That(again.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.UpToDate)));
            Assert.That(Creates, Is.EqualTo(1));
            Assert.That(status!.LastAppliedRevision, Is.EqualTo(first));
            Assert.That(status.Is(ConditionTypes.Ready), Is.True);
            Assert.That(status.Outputs, Is.Not.Empty);
        });
        Assert.That(File.Exists(Path.Combine(StateDirectory, ".infra-gitops", "audit", "dev.jsonl")), Is.True);
    }

    [Test]
    [CancelAfter(60000)]
    public async Task TwoQuickCommits_OnlyTheNewestIsApplied(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        PushFirst();
        await reconciler.RunPassAsync(cancellationToken);
        var middle = git.Commit("second", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("two") });
        var newest = git.Commit("third", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("three") });
        git.Push();

        var pass = await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(newest));
            Assert.That(Creates + Updates + provider.CallsOf(FakeOperation.Delete).Count, Is.EqualTo(2), "one create for the first commit, one change for the newest");
            Assert.That(history, Has.Count.EqualTo(2));
            Assert.That(history[1].SkippedCommits.Select(c => c.Sha), Is.EqualTo(new[] { middle }));
            Assert.That(history[1].SkippedCommits[0].Message, Is.EqualTo("second"));
            Assert.That(history[1].Commit!.Author, Is.EqualTo("Ann Example <ann@example.org>"));
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task InvalidCommit_AppliesNothingAndStallsWithTheLocation_ThenTheFixIsApplied(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        git.Commit("broken", new Dictionary<string, string?>
        {
            ["Pulumi.yaml"] = ProjectFile,
            ["stacks/dev.yaml"] = StackFile,
            ["infra/bucket.yaml"] = Bucket("one", "propertys"),
        });
        git.Push();

        var broken = await reconciler.RunPassAsync(cancellationToken);
        var stalled = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var fix = git.Commit("fix", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("one") });
        git.Push();
        var fixedPass = await reconciler.RunPassAsync(cancellationToken);
        var healed = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(broken.Outcomes.Single(), Is.InstanceOf<ReconcileStalled>().With.Property("Reason").EqualTo(Reasons.SpecInvalid));
            Assert.That(stalled!.Condition(ConditionTypes.Stalled)!.Status, Is.True);
            Assert.That(stalled.Diagnostics, Has.Some.StartsWith($"infra/bucket.yaml:6:3: error {DiagnosticMessages.UnknownPropertyCode}:"));
            Assert.That(fixedPass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(fix));
            Assert.That(Creates, Is.EqualTo(1));
            Assert.That(healed!.Is(ConditionTypes.Ready), Is.True);
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task ForcePush_AppliesTheNewHeadAndRecordsTheRewrite(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        var first = PushFirst();
        var old = git.Commit("old", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("two") });
        git.Push();
        await reconciler.RunPassAsync(cancellationToken);
        git.ResetTo(first);
        var rewritten = git.Commit("rewritten", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("three") });
        git.Push(force: true);

        var pass = await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(rewritten));
            Assert.That(history[^1].Rewrite, Is.EqualTo(new Audit.HistoryRewrite(old, rewritten)));
            Assert.That(events.Events.Select(e => e.Reason), Does.Contain(Reasons.HistoryRewritten));
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task DeletedBranch_StallsAndDestroysNothing_ThenHealsWhenItIsBack(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        var first = PushFirst();
        await reconciler.RunPassAsync(cancellationToken);
        git.DeleteRemoteBranch();

        var gone = await reconciler.RunPassAsync(cancellationToken);
        var stalled = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        git.Push();
        var back = await reconciler.RunPassAsync(cancellationToken);
        var healed = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(gone.Succeeded, Is.False);
            Assert.That(gone.SourceError, Is.Not.Null);
            Assert.That(gone.Outcomes.Single(), Is.InstanceOf<ReconcileStalled>().With.Property("Reason").EqualTo(Reasons.BranchNotFound));
            Assert.That(stalled!.Condition(ConditionTypes.Stalled)!.Reason, Is.EqualTo(Reasons.BranchNotFound));
            Assert.That(stalled.LastAppliedRevision, Is.EqualTo(first));
            Assert.That(Deletes, Is.Zero);
            Assert.That(Creates, Is.EqualTo(1));
            Assert.That(back.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.UpToDate)));
            Assert.That(healed!.Is(ConditionTypes.Ready), Is.True);
            Assert.That(healed.Is(ConditionTypes.Stalled), Is.False);
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task UnreachableRemote_StallsWithTheReasonAndAppliesNothing(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        PushFirst();
        await reconciler.RunPassAsync(cancellationToken);
        Directory.Move(git.RemotePath, git.RemotePath + ".moved");

        var pass = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Succeeded, Is.False);
            Assert.That(pass.Outcomes.Single(), Is.InstanceOf<ReconcileStalled>().With.Property("Reason").EqualTo(Reasons.SourceUnavailable));
            Assert.That(status!.Condition(ConditionTypes.Stalled)!.Reason, Is.EqualTo(Reasons.SourceUnavailable));
            Assert.That(history[^1].Reason, Is.EqualTo(Reasons.SourceUnavailable));
            Assert.That(Deletes + Updates, Is.Zero);
            Assert.That(Creates, Is.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task TwoReconcilers_OnTheSameStack_ApplyOnce(CancellationToken cancellationToken)
    {
        var one = Create("cache-one");
        var two = Create("cache-two");
        PushFirst();

        var passes = await Task.WhenAll(one.RunPassAsync(cancellationToken), two.RunPassAsync(cancellationToken));
        var after = await Task.WhenAll(one.RunPassAsync(cancellationToken), two.RunPassAsync(cancellationToken));
        var history = await one.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(Creates, Is.EqualTo(1));
            Assert.That(passes.SelectMany(p => p.Outcomes).Count(o => o is ReconcileSucceeded), Is.EqualTo(1), string.Join("; ", passes.SelectMany(p => p.Outcomes)));
            Assert.That(after.SelectMany(p => p.Outcomes), Is.All.InstanceOf<ReconcileSkipped>());
            Assert.That(history, Has.Count.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(90000)]
    public async Task Serve_SignedPushWebhook_ReconcilesAtOnceAndStopsGracefully(CancellationToken cancellationToken)
    {
        // The poll interval is an hour of a clock that never moves: only the webhook can start the second pass.
        var options = new ReconcilerOptions
        {
            StateDirectory = StateDirectory,
            Interval = TimeSpan.FromHours(1),
            Jitter = TimeSpan.Zero,
            ListenAddress = new Uri("http://127.0.0.1:0"),
            WebhookSecret = "s3cret",
        };
        var reconciler = Create(options);
        var first = PushFirst();
        var health = new ReconcilerHealth();
        using var service = new ReconcilerService(reconciler, options, new ReconcileSignal(), health, time, NullLoggerFactory.Instance);
        await service.StartAsync(cancellationToken);
        while (health.LastPassFinished is null)
        {
            await Task.Delay(50, cancellationToken);
        }

        var second = git.Commit("second", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("two") });
        git.Push();
        var body = """{"ref":"refs/heads/main"}""";
        using var client = new HttpClient { BaseAddress = service.Webhooks!.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(System.Text.Encoding.UTF8.GetBytes(body), "s3cret"));
        using var response = await client.SendAsync(request, cancellationToken);
        StackStatus? status;
        do
        {
            await Task.Delay(50, cancellationToken);
            status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        }
        while (status?.LastAppliedRevision != second);

        await service.StopAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted));
            Assert.That(history.Select(h => h.Commit!.Sha), Is.EqualTo(new[] { first, second }));
            Assert.That(health.IsRunning, Is.False);
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task Monorepo_BranchMove_RunsOnlyTheStacksWhoseFilesChanged(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        var first = PushFirstWithTwoStacks();
        await reconciler.RunPassAsync(cancellationToken);
        var prodOnly = git.Commit("prod bucket and docs", new Dictionary<string, string?>
        {
            ["prod/bucket.yaml"] = Bucket("prod-two"),
            ["README.md"] = "# lab\n",
        });
        git.Push();

        var prodMoved = await reconciler.RunPassAsync(cancellationToken);
        var devAfterProd = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var devChange = git.Commit("dev bucket", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("two") });
        git.Push();
        var devMoved = await reconciler.RunPassAsync(cancellationToken);
        var devHistory = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(Outcome(prodMoved, "dev"), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.Unaffected)));
            Assert.That(Outcome(prodMoved, "prod"), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(prodOnly));
            Assert.That(devAfterProd!.LastAppliedRevision, Is.EqualTo(first));
            Assert.That(Outcome(devMoved, "dev"), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(devChange));
            Assert.That(Outcome(devMoved, "prod"), Is.EqualTo(new ReconcileSkipped("prod", SkipReason.Unaffected)));

            // dev's run lists the commit it did not run for.
            Assert.That(devHistory.Select(h => h.Commit!.Sha), Is.EqualTo(new[] { first, devChange }));
            Assert.That(devHistory[1].SkippedCommits.Select(c => c.Sha), Is.EqualTo(new[] { prodOnly }));
            Assert.That(Creates, Is.EqualTo(2), "one bucket per stack");
            Assert.That(Updates + Deletes, Is.EqualTo(2), "prod's change, then dev's");
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task Monorepo_ProjectFileChange_RunsEveryStack(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        PushFirstWithTwoStacks();
        await reconciler.RunPassAsync(cancellationToken);
        var project = git.Commit("project comment", new Dictionary<string, string?> { ["Pulumi.yaml"] = ProjectFile + "# shared by every stack\n" });
        git.Push();

        var pass = await reconciler.RunPassAsync(cancellationToken);

        Assert.That(pass.Outcomes.Select(o => (o.Stack, o.GetType().Name, (o as ReconcileSucceeded)?.Revision)), Is.EqualTo(new[]
        {
            ("dev", nameof(ReconcileSucceeded), project),
            ("prod", nameof(ReconcileSucceeded), project),
        }));
    }

    [Test]
    [CancelAfter(60000)]
    public async Task PathFilterOff_BranchMoveThatTouchesNoFileOfTheStack_RunsIt(CancellationToken cancellationToken)
    {
        var reconciler = Create(new ReconcilerOptions { StateDirectory = StateDirectory, PathFilter = false });
        PushFirst();
        await reconciler.RunPassAsync(cancellationToken);
        var docs = git.Commit("docs", new Dictionary<string, string?> { ["README.md"] = "# lab\n" });
        git.Push();

        var pass = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(docs), string.Join("; ", pass.Outcomes));
            Assert.That(status!.LastAppliedRevision, Is.EqualTo(docs));
            Assert.That(Creates + Updates + Deletes, Is.EqualTo(1), "nothing of the stack changed");
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task BranchMoveThatTouchesNoFileOfTheStack_WithADriftCheckDue_RunsTheCheckAtTheAppliedCommit(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        var first = git.Commit("first", new Dictionary<string, string?>
        {
            ["Pulumi.yaml"] = ProjectFile,
            ["stacks/dev.yaml"] = StackFile + "    driftSchedule: \"0 * * * *\"\n",
            ["infra/bucket.yaml"] = Bucket("one"),
        });
        git.Push();
        await reconciler.RunPassAsync(cancellationToken);
        git.Commit("docs", new Dictionary<string, string?> { ["README.md"] = "# lab\n" });
        git.Push();

        var beforeDue = await reconciler.RunPassAsync(cancellationToken);
        var readsBefore = provider.CallsOf(FakeOperation.Read).Count;
        time.Advance(TimeSpan.FromHours(2));
        var due = await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(beforeDue.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.Unaffected)));
            Assert.That(due.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(first), string.Join("; ", due.Outcomes));
            Assert.That(history[^1].Trigger, Is.EqualTo(ReconcileTrigger.Schedule));
            Assert.That(provider.CallsOf(FakeOperation.Read), Has.Count.GreaterThan(readsBefore), "the drift check refreshes");
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task PreviewOnly_PreviewsEachNewHeadAppliesNothing_UntilTurnedOff(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        var first = git.Commit("first", new Dictionary<string, string?>
        {
            ["Pulumi.yaml"] = ProjectFile,
            ["stacks/dev.yaml"] = StackFile + "    previewOnly: true\n",
            ["infra/bucket.yaml"] = Bucket("one"),
        });
        git.Push();

        var previewed = await reconciler.RunPassAsync(cancellationToken);
        var again = await reconciler.RunPassAsync(cancellationToken);
        var afterPreview = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var second = git.Commit("second", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("two") });
        git.Push();
        var previewedAgain = await reconciler.RunPassAsync(cancellationToken);
        var createsWhilePreviewOnly = Creates;
        var applied = git.Commit("apply", new Dictionary<string, string?> { ["stacks/dev.yaml"] = StackFile });
        git.Push();
        var appliedPass = await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(previewed.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(first), string.Join("; ", previewed.Outcomes));
            Assert.That(again.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.UpToDate)));
            Assert.That(afterPreview!.LastAppliedRevision, Is.Null);
            Assert.That(afterPreview.LastAttemptedRevision, Is.EqualTo(first));
            Assert.That(afterPreview.Reason, Is.EqualTo(Reasons.Previewed));
            Assert.That(afterPreview.Message, Does.Contain("+2").And.Contain("nothing applied"));
            Assert.That(previewedAgain.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(second));
            Assert.That(createsWhilePreviewOnly, Is.Zero);
            Assert.That(history.Take(2).Select(h => h.Steps.Single(s => s.Name == "up").Outcome), Is.All.EqualTo(AuditStepOutcome.Skipped));
            Assert.That(appliedPass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(applied));
            Assert.That(Creates, Is.EqualTo(1));
        });
    }

    [TestCase(1)]
    [TestCase(4)]
    [CancelAfter(60000)]
    public async Task DependsOn_WaitsWhileTheDependencyIsNotReady_ThenRunsRightAfterItInOnePass(int concurrency, CancellationToken cancellationToken)
    {
        // app sorts before dev, so only dependsOn makes dev run first; with one stack at a time, app taking the only
        // slot first and waiting for dev would never end.
        var reconciler = Create(new ReconcilerOptions { StateDirectory = StateDirectory, MaxConcurrency = concurrency });
        git.Commit("broken dev", new Dictionary<string, string?>
        {
            ["Pulumi.yaml"] = ProjectFile,
            ["stacks/dev.yaml"] = StackFile,
            ["stacks/app.yaml"] = StackFile.Replace("name: dev", "name: app", StringComparison.Ordinal).Replace("infra/**", "app/**", StringComparison.Ordinal) + "    dependsOn: [dev]\n",
            ["infra/bucket.yaml"] = Bucket("one", "propertys"),
            ["app/bucket.yaml"] = Bucket("app-one"),
        });
        git.Push();

        var broken = await reconciler.RunPassAsync(cancellationToken);
        var fix = git.Commit("fix dev", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("one") });
        git.Push();
        var fixedPass = await reconciler.RunPassAsync(cancellationToken);
        var creates = provider.CallsOf(FakeOperation.Create).Where(c => c.Urn.Value.Contains("aws:s3", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Outcome(broken, "dev"), Is.InstanceOf<ReconcileStalled>(), string.Join("; ", broken.Outcomes));
            Assert.That(Outcome(broken, "app"), Is.EqualTo(new ReconcileSkipped("app", SkipReason.DependencyNotReady)));
            Assert.That(Outcome(fixedPass, "dev"), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(fix));
            Assert.That(Outcome(fixedPass, "app"), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(fix), string.Join("; ", fixedPass.Outcomes));
            Assert.That(creates.Select(c => c.Urn.Value.Split("::")[0]["urn:pulumi:".Length..]), Is.EqualTo(new[] { "dev", "app" }), "dev's bucket first, then app's");
        });
    }

    [Test]
    [CancelAfter(60000)]
    public async Task NotifyWebhook_AppliedAndStalledRuns_ArePostedToTheEndpoint(CancellationToken cancellationToken)
    {
        // A real HTTP endpoint on loopback stands in for the chat webhook.
        using var endpoint = new LoopbackHttpServer();
        using var webhook = new WebhookEventSink(
            new WebhookEventSinkOptions { Url = endpoint.UrlOf("/hooks/T000"), Secret = "s3cret" }, NullLogger<WebhookEventSink>.Instance);
        var reconciler = Create(new ReconcilerOptions { StateDirectory = StateDirectory }, sink: new CompositeEventSink(events, webhook));
        var first = PushFirst();
        await reconciler.RunPassAsync(cancellationToken);
        var broken = git.Commit("broken", new Dictionary<string, string?> { ["infra/bucket.yaml"] = Bucket("two", "propertys") });
        git.Push();
        await reconciler.RunPassAsync(cancellationToken);

        var posted = endpoint.Requests.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(posted.Select(p => (p.GetProperty("reason").GetString(), p.GetProperty("severity").GetString(), p.GetProperty("revision").GetString())), Is.EqualTo(new[]
            {
                (Reasons.ReconcileSucceeded, "info", first),
                (Reasons.SpecInvalid, "warning", broken),
            }));
            Assert.That(events.Events.Select(e => e.Reason), Is.EqualTo(new[] { Reasons.ReconcileSucceeded, Reasons.SpecInvalid }), "the log sink got them too");
            Assert.That(endpoint.Requests.All(r => r.Headers.ContainsKey(WebhookEventSink.SignatureHeader)), Is.True);
        });
    }

    private string PushFirstWithTwoStacks()
    {
        var sha = git.Commit("first", new Dictionary<string, string?>
        {
            ["Pulumi.yaml"] = ProjectFile,
            ["stacks/dev.yaml"] = StackFile,
            ["stacks/prod.yaml"] = StackFile.Replace("name: dev", "name: prod", StringComparison.Ordinal).Replace("infra/**", "prod/**", StringComparison.Ordinal),
            ["infra/bucket.yaml"] = Bucket("one"),
            ["prod/bucket.yaml"] = Bucket("prod-one"),
        });
        git.Push();
        return sha;
    }

    private static ReconcileOutcome Outcome(ReconcilePassResult pass, string stack) => pass.Outcomes.Single(o => o.Stack == stack);

    [Test]
    [CancelAfter(60000)]
    public async Task PinnedRevision_ReplacesTheBranchHead(CancellationToken cancellationToken)
    {
        var reconciler = Create();
        var first = PushFirst();
        git.Tag("v1", first);
        git.Commit("pin v1", new Dictionary<string, string?>
        {
            ["stacks/dev.yaml"] = StackFile + "    revision: v1\n",
            ["infra/bucket.yaml"] = Bucket("two"),
        });
        git.Push();

        var pass = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Revision").EqualTo(first), string.Join("; ", pass.Outcomes));
            Assert.That(status!.LastAppliedRevision, Is.EqualTo(first));
            Assert.That(Creates, Is.EqualTo(1));
        });
    }
}
