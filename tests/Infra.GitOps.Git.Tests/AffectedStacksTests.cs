using System.Collections.Immutable;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using NUnit.Framework;

namespace Infra.GitOps.Git.Tests;

/// <summary>
/// <see cref="AffectedStacks"/>: the tree walk gives the same stacks as matching every changed path, for additions,
/// deletions, modifications, mode and type changes, globs with and without wildcards, and invalid globs.
/// </summary>
[Category("Integration")]
[CancelAfter(60_000)]
public class AffectedStacksTests
{
    private ScratchRepository _scratch = null!; // set in SetUp, before every test.

    public sealed record ChangeCase(string Name, Action<ScratchRepository> Change, string[] Expected)
    {
        public override string ToString() => Name;
    }

    private static readonly ImmutableArray<StackPathMatcher> Stacks =
    [
        Matcher("web", "infra/web/**/*.yaml", "shared/net.yaml"),
        Matcher("db", "./infra/db/*.yaml"),
        Matcher("any", "**/net.yaml"),
        Matcher("broken", "../outside/*.yaml", "infra//x.yaml"),
    ];

    private static IEnumerable<ChangeCase> Cases() =>
    [
        new("a file of one stack modified", s => s.Write("infra/web/vm.yaml", "changed\n"), ["web"]),
        new("a file two stacks share", s => s.Write("shared/net.yaml", "changed\n"), ["web", "any"]),
        new("a file no stack claims", s => s.Write("docs/readme.md", "changed\n"), []),
        new("the project file", s => s.Write("Pulumi.yaml", "name: renamed\n"), ["web", "db", "any", "broken"]),
        new("a stack file", s => s.Write("stacks/broken.yaml", "changed\n"), ["broken"]),
        new("a file deleted", s => s.Delete("infra/db/disk.yaml"), ["db"]),
        new("a file added below the glob's depth", s => s.Write("infra/db/deeper/x.yaml", "x\n"), []),
        new("a file added deep under **", s => s.Write("infra/web/a/b/c.yaml", "x\n"), ["web"]),
        new("a folder replaced by a file", s =>
        {
            Directory.Delete(Path.Combine(s.Path, "infra", "web"), recursive: true);
            s.Write("infra/web", "now a file\n");
        }, ["web"]),
        new("only the mode changed", MakeExecutable("infra/db/disk.yaml"), ["db"]),
        new("nothing changed", _ => { }, []),
    ];

    [SetUp]
    public void SetUp()
    {
        _scratch = ScratchRepository.CreateWorking();
        _scratch.Write("Pulumi.yaml", "name: lab\n");
        foreach (var stack in new[] { "web", "db", "any", "broken" })
        {
            _scratch.Write($"stacks/{stack}.yaml", $"{stack}\n");
        }

        _scratch.Write("infra/web/vm.yaml", "vm\n");
        _scratch.Write("infra/db/disk.yaml", "disk\n");
        _scratch.Write("shared/net.yaml", "net\n");
        _scratch.Write("docs/readme.md", "docs\n");
    }

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    [TestCaseSource(nameof(Cases))]
    public async Task FindAsync_Change_SameStacksAsMatchingEveryChangedPath(ChangeCase data, CancellationToken cancellationToken)
    {
        string from = _scratch.Commit("before");
        data.Change(_scratch);
        string to = _scratch.Commit("after");
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        var walked = await AffectedStacks.FindAsync(repository, from, to, Stacks, cancellationToken);
        var backwards = await AffectedStacks.FindAsync(repository, to, from, Stacks, cancellationToken);
        var matched = AffectedStacks.Select(Stacks, await repository.ChangedPathsAsync(from, to, cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(walked.Select(s => s.Name), Is.EqualTo(data.Expected));
            Assert.That(backwards.Select(s => s.Name), Is.EqualTo(data.Expected), "a move back touches the same stacks");
            Assert.That(matched.Select(s => s.Name), Is.EqualTo(data.Expected));
        });
    }

    [Test]
    public void FindAsync_UnknownRevision_ThrowsGitOpsExceptionNamingIt()
    {
        string head = _scratch.Commit("only");
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        var exception = Assert.ThrowsAsync<GitOpsException>(() => AffectedStacks.FindAsync(repository, "no-such-branch", head, Stacks, CancellationToken.None));

        Assert.That(exception?.Message, Does.Contain("no-such-branch"));
    }

    private static Action<ScratchRepository> MakeExecutable(string path) => s =>
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(s.Path, path), (UnixFileMode)0b111_101_101);
        }
    };

    private static StackPathMatcher Matcher(string name, params string[] sources) =>
        StackPathMatcher.Create(new StackDefinition(
            name,
            [.. sources],
            ImmutableSortedDictionary<string, ObjectValue>.Empty,
            ImmutableSortedDictionary<string, PropertyValue>.Empty,
            ImmutableSortedDictionary<string, SecretSource>.Empty,
            ReconcileSettings.Default,
            new SourceLocation($"stacks/{name}.yaml", 1, 1),
            ImmutableDictionary<string, SourceLocation>.Empty));
}
