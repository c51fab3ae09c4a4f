using System.Collections.Immutable;
using System.Globalization;
using Infra.GitOps.Model;
using System.Text;

namespace Infra.GitOps.Bench.Git;

/// <summary>
/// Generates, once, the benchmark repository: a bare repository with 20,000 files in 1,000 folders and a history of
/// 2,000 commits on <c>main</c> (each modifies five files; every 10th adds one, every 20th deletes one, every 25th
/// renames one), built with <c>git fast-import</c> from a generated stream in seconds. The first commit is tagged
/// <c>first</c>. Cached under <c>bench/out/</c> when that folder exists, else under the temp folder; a version in the
/// folder name invalidates old layouts.
/// </summary>
internal static class ChangedPathsRepository
{
    public const int FileCount = 20_000;
    public const int CommitCount = 2_000;
    public const string FirstTag = "first";
    public const string Branch = "main";

    /// <summary>The folders <c>infra/teamNN/</c>: one stack each in <see cref="Stacks"/>.</summary>
    public const int TeamCount = 50;

    private const string Version = "v1";

    /// <summary>
    /// The stacks of the benchmark: one per team (<c>infra/teamNN/**/*.yaml</c>) and ten whose sources match no file
    /// (<c>apps/teamNN/**/*.yaml</c>), as the loader would read them from <c>stacks/*.yaml</c>.
    /// </summary>
    public static IEnumerable<StackDefinition> Stacks()
    {
        for (int team = 0; team < TeamCount + 10; team++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"team{team:D2}");
            string root = team < TeamCount ? "infra" : "apps";
            yield return new StackDefinition(
                name,
                [$"{root}/{name}/**/*.yaml"],
                ImmutableSortedDictionary<string, ObjectValue>.Empty,
                ImmutableSortedDictionary<string, PropertyValue>.Empty,
                ImmutableSortedDictionary<string, SecretSource>.Empty,
                ReconcileSettings.Default,
                new SourceLocation($"stacks/{name}.yaml", 1, 1),
                ImmutableDictionary<string, SourceLocation>.Empty);
        }
    }

    /// <summary>Returns the path of the bare repository, generating it when it is not cached.</summary>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        string cacheRoot = FindBenchOut() ?? Path.Combine(Path.GetTempPath(), "infra-gitops-bench");
        string path = Path.Combine(cacheRoot, $"git-changed-paths-{Version}.git");
        string complete = Path.Combine(path, "generated");
        if (File.Exists(complete))
        {
            return path;
        }

        Directory.CreateDirectory(cacheRoot);
        string staging = Path.Combine(cacheRoot, $".staging-{Guid.NewGuid():N}.git");
        Directory.CreateDirectory(staging);
        await GitCli.RunAsync(staging, ["init", "--quiet", "--bare", "--initial-branch", Branch], null, cancellationToken);
        await GitCli.RunAsync(staging, ["fast-import", "--quiet"], WriteStreamAsync, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(staging, "generated"), DateTime.UtcNow.ToString("O"), cancellationToken);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.Move(staging, path);
        return path;
    }

    private static async Task WriteStreamAsync(Stream stdin)
    {
        await using var writer = new StreamWriter(stdin, GitCli.Utf8, bufferSize: 1 << 16) { NewLine = "\n" };
        var random = new Random(2026);
        var files = new List<string>(FileCount + CommitCount);
        int nextFile = 0;
        long time = 1_767_225_600; // 2026-01-01T00:00:00Z

        for (int commit = 1; commit <= CommitCount; commit++)
        {
            var body = new StringBuilder();
            if (commit == 1)
            {
                for (; nextFile < FileCount; nextFile++)
                {
                    string path = NewPath(nextFile);
                    files.Add(path);
                    AppendModify(body, path, Content(path, commit));
                }
            }
            else
            {
                for (int i = 0; i < 5; i++)
                {
                    string path = files[random.Next(files.Count)];
                    AppendModify(body, path, Content(path, commit));
                }

                if (commit % 10 == 0)
                {
                    string path = NewPath(nextFile++);
                    files.Add(path);
                    AppendModify(body, path, Content(path, commit));
                }

                if (commit % 20 == 0)
                {
                    int index = random.Next(files.Count);
                    body.Append("D ").Append(files[index]).Append('\n');
                    files.RemoveAt(index);
                }

                if (commit % 25 == 0)
                {
                    int index = random.Next(files.Count);
                    string renamed = files[index].Replace(".yaml", "-renamed.yaml", StringComparison.Ordinal);
                    body.Append("R ").Append(files[index]).Append(' ').Append(renamed).Append('\n');
                    files[index] = renamed;
                }
            }

            string message = $"commit {commit}\n";
            await writer.WriteAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"commit refs/heads/{Branch}\nmark :{commit}\ncommitter Bench <bench@example.test> {time + (commit * 60)} +0000\ndata {Encoding.UTF8.GetByteCount(message)}\n{message}"));
            if (commit > 1)
            {
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"from :{commit - 1}\n"));
            }

            await writer.WriteAsync(body);
            await writer.WriteAsync('\n');
            if (commit == 1)
            {
                await writer.WriteAsync($"reset refs/tags/{FirstTag}\nfrom :1\n\n");
            }
        }

        await writer.WriteAsync("done\n");
    }

    private static void AppendModify(StringBuilder body, string path, string content) =>
        body.Append("M 100644 inline ").Append(path).Append('\n')
            .Append("data ").Append(Encoding.UTF8.GetByteCount(content).ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(content).Append('\n');

    private static string NewPath(int index) => string.Create(
        CultureInfo.InvariantCulture,
        $"infra/team{index % 50:D2}/service{index / 50 % 20:D2}/resource{index:D5}.yaml");

    private static string Content(string path, int commit) => string.Create(
        CultureInfo.InvariantCulture,
        $"apiVersion: infra.gitops/v1\nkind: Disk\nmetadata: {{ name: {Path.GetFileNameWithoutExtension(path)} }}\nspec: {{ provider: libvirt, sizeGb: {commit % 100 + 1} }}\n");

    private static string? FindBenchOut()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "bench", "out");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
