using System.Diagnostics;
using System.Globalization;
using System.Text;
using Infra.GitOps.Cli;
using Infra.GitOps.Engine;
using Infra.GitOps.Git;
using Infra.GitOps.Loading;
using Infra.GitOps.PullRequests.Json;
using Infra.GitOps.PullRequests.Previewing;
using Infra.GitOps.PullRequests.Rendering;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using LibGit2Sharp;

namespace Infra.GitOps.Bench.PullRequests;

/// <summary>
/// <c>prs.preview-3x1000</c>: a pull request touching 3 stacks of 1,000 resources each, in a real Git repository
/// in a temporary directory with the base deployed once (real engine, fake providers, file state store). Measures
/// the <c>infra-gitops pr-preview</c> command end to end, in process (<see cref="CliApplication.RunAsync"/>):
/// parse the command line, resolve revisions, changed paths, read and compile the head commit, load each stack's
/// state, plan offline, render the comment and the JSON and write both files. Median of 3 runs after a warm-up.
/// <c>PRS_BENCH_PHASES=1</c> also prints the time of each phase, and per run the CPU time, the bytes allocated and
/// the garbage collections (more telling than wall time on a loaded machine).
/// </summary>
public sealed class PrPreviewBenchmark : IBenchmark
{
    private const int Stacks = 3;
    private const int ResourcesPerStack = 1_000;
    private const int FilesPerStack = 10;

    /// <inheritdoc />
    public string Name => "prs";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "infra-gitops-bench-prs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (baseCommit, headCommit, store) = await PrepareAsync(root, cancellationToken);
            var markdown = Path.Combine(root, ".infra", "preview.md");
            var jsonFile = Path.Combine(root, ".infra", "preview.json");
            string[] args = ["pr-preview", "--repo", root, "--base", baseCommit, "--head", headCommit, "--output", markdown, "--json", jsonFile];
            var times = new List<double>();
            var cpuTimes = new List<double>();
            var gcs = new List<string>();
            for (var run = 0; run < 4; run++)
            {
                using var output = new StringWriter();
                using var error = new StringWriter();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (gen0, gen2, pause, allocated) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));
                var stopwatch = Stopwatch.StartNew();
                var code = await CliApplication.RunAsync(args, new CliConsole(output, error, rich: false), cancellationToken);
                stopwatch.Stop();
                cpuTimes.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
                gcs.Add($"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} MB allocated, {GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(2) - gen2} gen2, {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms paused");
                var comment = await File.ReadAllTextAsync(markdown, cancellationToken);
                if (code != 0 || error.ToString().Length > 0 || !comment.Contains("**3 stacks affected**", StringComparison.Ordinal) || comment.Length > PreviewCommentOptions.GitHubCommentLimit
                    || new FileInfo(jsonFile).Length == 0)
                {
                    throw new InvalidOperationException($"unexpected preview (exit {code}): {error}");
                }

                if (run > 0)
                {
                    times.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
            }

            var previewer = new PullRequestPreviewer(store, new OfflineStackPlanSource(TimeProvider.System), TimeProvider.System);
            var request = new PullRequestPreviewRequest(root, baseCommit, headCommit);
            var renderer = new PreviewCommentRenderer();
            var options = new PreviewCommentOptions { RepositoryUrl = new Uri("https://github.com/acme/infra") };
            if (Environment.GetEnvironmentVariable("PRS_BENCH_PHASES") == "1")
            {
                using var git = GitRepository.Open(root);
                var sw = Stopwatch.StartNew();
                var changedPaths = await git.ChangedPathsAsync(baseCommit, headCommit, cancellationToken);
                var tree = await git.GetSourceTreeAsync(headCommit, cancellationToken);
                Console.WriteLine($"git: {sw.ElapsedMilliseconds} ms");
                sw.Restart();
                var compiled = await RepositoryCompiler.CompileAsync(tree, CompileOptions.Default, cancellationToken);
                Console.WriteLine($"compile: {sw.ElapsedMilliseconds} ms");
                foreach (var stack in compiled.Value!.Stacks)
                {
                    sw.Restart();
                    var state = await store.LoadAsync(stack.Name, cancellationToken);
                    Console.WriteLine($"state {stack.Name}: {sw.ElapsedMilliseconds} ms");
                    sw.Restart();
                    var plan = await new OfflineStackPlanSource(TimeProvider.System).PlanAsync(stack.Graph!, state, cancellationToken);
                    Console.WriteLine($"plan {stack.Name}: {sw.ElapsedMilliseconds} ms");
                    sw.Restart();
                    _ = PlanPreviewMapper.ToPreview(stack, plan);
                    Console.WriteLine($"map {stack.Name}: {sw.ElapsedMilliseconds} ms");
                }

                sw.Restart();
                var p2 = await previewer.PreviewAsync(request, cancellationToken);
                Console.WriteLine($"preview: {sw.ElapsedMilliseconds} ms");
                sw.Restart();
                _ = renderer.Render(p2, options);
                Console.WriteLine($"render: {sw.ElapsedMilliseconds} ms");
                sw.Restart();
                _ = PreviewJson.Serialize(p2);
                Console.WriteLine($"json: {sw.ElapsedMilliseconds} ms");
                Console.WriteLine($"gc per run: {string.Join("; ", gcs.Skip(1))}");
                Console.WriteLine($"cpu per run (all threads, after warm-up): {string.Join(", ", cpuTimes.Skip(1).Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms");
            }

            times.Sort();
            return [new BenchmarkFigure("prs.preview-3x1000", times[times.Count / 2], "ms", "<", 2000, "ms")];
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
        }
    }

    private static async Task<(string Base, string Head, FileStateStore Store)> PrepareAsync(string root, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        Repository.Init(root);
        Write(root, ".gitignore", ".infra/\n");
        Write(root, "Pulumi.yaml", "name: bench\n");
        for (var s = 0; s < Stacks; s++)
        {
            Write(root, $"stacks/s{s}.yaml", $"apiVersion: infra.gitops/v1\nkind: Stack\nmetadata:\n  name: s{s}\nspec:\n  sources: [\"infra/s{s}/**/*.yaml\"]\n");
            for (var f = 0; f < FilesPerStack; f++)
            {
                Write(root, $"infra/s{s}/part-{f:D2}.yaml", Documents(s, f, changed: false));
            }
        }

        var baseCommit = Commit(root, "base");
        var store = new FileStateStore("file://.infra/state", root, "bench", null, TimeProvider.System);
        using (var git = GitRepository.Open(root))
        {
            var tree = await git.GetSourceTreeAsync(baseCommit, cancellationToken);
            var compiled = await RepositoryCompiler.CompileAsync(tree, CompileOptions.Default, cancellationToken);
            foreach (var stack in compiled.Value?.Stacks ?? [])
            {
                var graph = stack.Graph ?? throw new InvalidOperationException(string.Join("\n", stack.Diagnostics));
                var up = await new StackOperations(TimeProvider.System).UpAsync(
                    graph,
                    store,
                    new ProviderRegistry(new FakeProvider("libvirt")),
                    new LockOwner("bench", Environment.ProcessId, "localhost", "up", DateTimeOffset.UtcNow),
                    StackOperationOptions.Default,
                    cancellationToken);
                if (!up.Succeeded)
                {
                    throw new InvalidOperationException("deploying the base failed: " + up.Plan);
                }
            }
        }

        // The pull request: in every stack, one file's resources change, and one file is replaced by new ones.
        for (var s = 0; s < Stacks; s++)
        {
            Write(root, $"infra/s{s}/part-00.yaml", Documents(s, 0, changed: true));
            File.Delete(Path.Combine(root, $"infra/s{s}/part-01.yaml"));
            Write(root, $"infra/s{s}/part-new.yaml", Documents(s, FilesPerStack, changed: false));
        }

        return (baseCommit, Commit(root, "change three stacks"), store);
    }

    private static string Documents(int stack, int file, bool changed)
    {
        var builder = new StringBuilder();
        var perFile = ResourcesPerStack / FilesPerStack;
        for (var i = 0; i < perFile; i++)
        {
            var n = (file * perFile) + i;
            var third = changed ? 200 : 100;
            // Separators between documents only: a trailing "---" would add an empty document (a GO1024 warning).
            builder.Append(i == 0 ? string.Empty : "---\n").Append(CultureInfo.InvariantCulture, $"""
                apiVersion: infra.gitops/v1
                kind: Resource
                metadata:
                  name: net-{n:D4}
                spec:
                  type: libvirt:index/network:Network
                  properties:
                    name: bench-s{stack}-net-{n:D4}
                    mode: isolated
                    addresses: ["10.{third}.{n % 250}.0/24"]
                    autostart: {(changed ? "true" : "false")}

                """);
        }

        return builder.ToString();
    }

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!); // a repository file path always has a directory
        File.WriteAllText(full, text);
    }

    private static string Commit(string root, string message)
    {
        using var repository = new Repository(root);
        Commands.Stage(repository, "*");
        var signature = new Signature("bench", "bench@example.invalid", DateTimeOffset.UtcNow);
        return repository.Commit(message, signature, signature).Sha;
    }
}
