using Infra.GitOps.Loading;
using Infra.GitOps.PullRequests.Json;
using Infra.GitOps.PullRequests.Preview;
using Infra.GitOps.PullRequests.Previewing;
using Infra.GitOps.PullRequests.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.PullRequests.Tests.Previewing;

/// <summary>End to end: a real Git repository, the real compiler and engine, a real file state store.</summary>
[Category("Integration")]
[CancelAfter(120_000)]
public class PullRequestPreviewerTests
{
    private const string Canary = "CANARY-pr-s3cr3t-91ab";

    private const string Project = "name: lab\nbackend:\n  url: file://.infra/state\n";

    private static string StackFile(string name) => $"""
        apiVersion: infra.gitops/v1
        kind: Stack
        metadata:
          name: {name}
        spec:
          sources: ["infra/{name}/**/*.yaml"]
          providers:
            libvirt: {"{"} uri: "qemu:///system" {"}"}
          secrets:
            bootToken: {"{"} fromEnv: BOOT_TOKEN {"}"}
        """;

    private static string Network(string cidr) => $"""
        apiVersion: infra.gitops/v1
        kind: Network
        metadata:
          name: lab-net
        spec:
          provider: libvirt
          cidr: {cidr}
        """;

    private const string VirtualMachine = """
        apiVersion: infra.gitops/v1
        kind: VirtualMachine
        metadata:
          name: web
        spec:
          provider: libvirt
          size: small
          image: builtin:tiny
          network: lab-net
          userData: "${secret.bootToken}"
        """;

    private static InfraRepository BaseRepository(FakeTimeProvider time)
    {
        var repository = new InfraRepository(time);
        repository.Environment["BOOT_TOKEN"] = Canary;
        repository.Write(".gitignore", ".infra/\n");
        repository.Write("Pulumi.yaml", Project);
        repository.Write("stacks/dev.yaml", StackFile("dev"));
        repository.Write("stacks/prod.yaml", StackFile("prod"));
        repository.Write("infra/dev/network.yaml", Network("10.10.0.0/24"));
        repository.Write("infra/dev/vms.yaml", VirtualMachine);
        repository.Write("infra/prod/network.yaml", Network("10.20.0.0/24"));
        return repository;
    }

    private static PullRequestPreviewer PreviewerFor(InfraRepository repository, ILogger<PullRequestPreviewer>? logger = null) =>
        new(repository.StateStore, new OfflineStackPlanSource(repository.TimeProvider), repository.TimeProvider, repository.GraphOptions, logger);

    [Test]
    public async Task PreviewAsync_ChangeInOneStack_PlansOnlyThatStackAgainstItsState(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 30, 0, TimeSpan.Zero));
        using var repository = BaseRepository(time);
        var baseCommit = repository.Commit("base");
        await repository.DeployAsync(baseCommit, "dev", cancellationToken);
        await repository.DeployAsync(baseCommit, "prod", cancellationToken);
        repository.Write("infra/dev/network.yaml", Network("10.30.0.0/24"));
        var headCommit = repository.Commit("widen the dev network");

        var preview = await PreviewerFor(repository).PreviewAsync(new PullRequestPreviewRequest(repository.Root, baseCommit, headCommit), cancellationToken);

        Assert.That(preview.Stacks.Select(s => s.Name), Is.EqualTo(new[] { "dev" }));
        var dev = (PlannedStackPreview)preview.Stacks[0];
        var changed = dev.Steps.Where(s => s.IsChange).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(preview.BaseCommit, Is.EqualTo(baseCommit));
            Assert.That(preview.HeadCommit, Is.EqualTo(headCommit));
            Assert.That(preview.ChangedPaths, Is.EqualTo(new[] { "infra/dev/network.yaml" }));
            Assert.That(preview.Time, Is.EqualTo(time.GetUtcNow()));
            Assert.That(dev.Diagnostics, Is.Empty);
            Assert.That(changed, Is.Not.Empty);
            Assert.That(changed.Select(s => s.Type.Token), Does.Contain("libvirt:index/network:Network"));
            Assert.That(
                changed.SelectMany(s => s.Changes).Select(c => (c.Old?.Text, c.New?.Text)),
                Does.Contain(((string?)"\"10.10.0.0/24\"", (string?)"\"10.30.0.0/24\"")));
            Assert.That(dev.Counts.Create, Is.Zero);
            Assert.That(dev.Counts.Same, Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task PreviewAsync_SecretBearingStack_NoCanaryInCommentJsonStatusOrLogs(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 30, 0, TimeSpan.Zero));
        using var repository = BaseRepository(time);
        var baseCommit = repository.Commit("base");
        await repository.DeployAsync(baseCommit, "dev", cancellationToken);
        repository.Environment["BOOT_TOKEN"] = Canary + "-rotated";
        repository.Write("infra/dev/vms.yaml", VirtualMachine.Replace("size: small", "size: medium", StringComparison.Ordinal));
        var headCommit = repository.Commit("bigger web VM");
        var logger = new ListLogger<PullRequestPreviewer>();

        var preview = await PreviewerFor(repository, logger).PreviewAsync(new PullRequestPreviewRequest(repository.Root, baseCommit, headCommit), cancellationToken);
        var comment = new PreviewCommentRenderer().Render(preview, new PreviewCommentOptions { RepositoryUrl = new Uri("https://github.com/acme/infra") });
        var json = PreviewJson.Serialize(preview);
        var status = PreviewStatusText.Describe(preview);

        Assert.Multiple(() =>
        {
            Assert.That(preview.Stacks.Select(s => s.Name), Is.EqualTo(new[] { "dev" }));
            Assert.That(preview.Stacks[0], Is.InstanceOf<PlannedStackPreview>());
            Assert.That(preview.Stacks[0].Counts.Changes, Is.GreaterThan(0));
            Assert.That(comment.Markdown, Does.Contain("[secret]"));
            Assert.That(comment.Markdown, Does.Not.Contain(Canary));
            Assert.That(json, Does.Not.Contain(Canary));
            Assert.That(status, Does.Not.Contain(Canary));
            Assert.That(logger.Messages, Is.Not.Empty);
            Assert.That(string.Join("\n", logger.Messages), Does.Not.Contain(Canary));
            Assert.That(preview.ToString(), Does.Not.Contain(Canary));
        });
    }

    [Test]
    public async Task PreviewAsync_InvalidYamlAtHead_ReportsDiagnosticsAtPathLineColumn(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 30, 0, TimeSpan.Zero));
        using var repository = BaseRepository(time);
        var baseCommit = repository.Commit("base");
        repository.Write("infra/prod/network.yaml", Network("10.20.0.0/24").Replace("cidr:", "cidr_blok:", StringComparison.Ordinal));
        repository.Write("infra/dev/network.yaml", Network("10.11.0.0/24"));
        var headCommit = repository.Commit("typo");

        var preview = await PreviewerFor(repository).PreviewAsync(new PullRequestPreviewRequest(repository.Root, baseCommit, headCommit), cancellationToken);
        var comment = new PreviewCommentRenderer().Render(preview, new PreviewCommentOptions { RepositoryUrl = new Uri("https://github.com/acme/infra") });

        Assert.That(preview.Stacks.Select(s => s.Name), Is.EqualTo(new[] { "dev", "prod" }));
        var prod = preview.Stacks[1];
        Assert.Multiple(() =>
        {
            Assert.That(preview.Stacks[0], Is.InstanceOf<PlannedStackPreview>());
            Assert.That(prod, Is.InstanceOf<InvalidStackPreview>());
            Assert.That(preview.HasErrors, Is.True);
            Assert.That(prod.Diagnostics.Select(d => d.Location.Path), Has.Some.EqualTo("infra/prod/network.yaml"));
            Assert.That(prod.Diagnostics.Select(d => d.Code), Has.Some.EqualTo(DiagnosticMessages.UnknownPropertyCode));
            Assert.That(comment.Markdown, Does.Contain($"https://github.com/acme/infra/blob/{headCommit}/infra/prod/network.yaml#L"));
        });
    }

    [Test]
    public async Task PreviewAsync_StackFilter_PlansThatStackEvenWhenUntouched(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 30, 0, TimeSpan.Zero));
        using var repository = BaseRepository(time);
        var baseCommit = repository.Commit("base");
        repository.Write("infra/dev/network.yaml", Network("10.11.0.0/24"));
        var headCommit = repository.Commit("dev only");

        var prod = await PreviewerFor(repository).PreviewAsync(new PullRequestPreviewRequest(repository.Root, baseCommit, headCommit, "prod"), cancellationToken);
        var missing = await PreviewerFor(repository).PreviewAsync(new PullRequestPreviewRequest(repository.Root, baseCommit, headCommit, "staging"), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(prod.Stacks.Select(s => s.Name), Is.EqualTo(new[] { "prod" }));
            Assert.That(prod.Stacks[0].Counts.Create, Is.GreaterThan(0));
            Assert.That(missing.Stacks.Single(), Is.InstanceOf<FailedStackPreview>());
            Assert.That(((FailedStackPreview)missing.Stacks.Single()).Reason, Does.Contain("no stack named 'staging'").And.Contain("dev, prod"));
        });
    }

    [Test]
    public async Task PreviewAsync_ProjectFileChanged_AffectsEveryStack(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 30, 0, TimeSpan.Zero));
        using var repository = BaseRepository(time);
        var baseCommit = repository.Commit("base");
        repository.Write("Pulumi.yaml", Project + "description: now described\n");
        var headCommit = repository.Commit("describe");

        var preview = await PreviewerFor(repository).PreviewAsync(new PullRequestPreviewRequest(repository.Root, baseCommit, headCommit), cancellationToken);

        Assert.That(preview.Stacks.Select(s => s.Name), Is.EqualTo(new[] { "dev", "prod" }));
    }

    [Test]
    public async Task PreviewAsync_UnrelatedChange_AffectsNoStack(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 30, 0, TimeSpan.Zero));
        using var repository = BaseRepository(time);
        var baseCommit = repository.Commit("base");
        repository.Write("docs/README.md", "# docs\n");
        var headCommit = repository.Commit("docs");

        var preview = await PreviewerFor(repository).PreviewAsync(new PullRequestPreviewRequest(repository.Root, baseCommit, headCommit), cancellationToken);
        var comment = new PreviewCommentRenderer().Render(preview, new PreviewCommentOptions());

        Assert.Multiple(() =>
        {
            Assert.That(preview.Stacks, Is.Empty);
            Assert.That(comment.Markdown, Does.Contain("No stack is affected by this change."));
        });
    }

    [Test]
    public void PreviewAsync_UnknownRevision_ThrowsGitOpsExceptionNamingIt()
    {
        var time = new FakeTimeProvider();
        using var repository = BaseRepository(time);
        var baseCommit = repository.Commit("base");

        var error = Assert.ThrowsAsync<GitOpsException>(() =>
            PreviewerFor(repository).PreviewAsync(new PullRequestPreviewRequest(repository.Root, baseCommit, "no-such-branch")));

        Assert.That(error!.Message, Does.Contain("no-such-branch"));
    }
}
