using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Infra.GitOps.Engine;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Providers.Libvirt;
using Infra.GitOps.State;

namespace Infra.GitOps.Bench.Libvirt;

/// <summary>
/// <c>libvirt.local-lab-up.*</c>: <c>up</c> of examples/local-lab from nothing on the local libvirt daemon (an
/// isolated network, a directory pool, two qcow2 volumes, two started domains booting the tiny guest), beside
/// <c>bench/scripts/local-lab-virsh.sh</c>, which makes the same objects with one virsh process per step, one
/// after another. Ours runs in process through the path the CLI's <c>up --yes</c> takes: compile the repository
/// directory, a <see cref="FileStateStore"/> in a temporary copy, a fresh <see cref="LibvirtProvider"/> and
/// <see cref="StackOperations.UpAsync"/>; the .NET start-up of a CLI process is not counted (the script's bash
/// start-up is). Neither side waits for DHCP leases (the stack's domains have <c>waitForLease: false</c>).
/// One warm-up pair, then <see cref="Runs"/> pairs in alternating order; medians. Every run uses names of its
/// own (a unique project) and its own /24, and everything is removed after each run, also when it fails.
/// Needs the daemon (scripts/setup-libvirt).
/// </summary>
public sealed partial class LocalLabUpBenchmark : IBenchmark
{
    private const string Stack = "lab";
    private const string ExampleCidr = "10.231.0.0/24";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Counted repetitions of each side (<c>LIBVIRT_BENCH_RUNS</c> overrides; default 5).</summary>
    private static int Runs =>
        int.TryParse(Environment.GetEnvironmentVariable("LIBVIRT_BENCH_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0 ? runs : 5;

    /// <summary><c>LIBVIRT_BENCH_VERBOSE=1</c> prints each run and each provider operation with its time.</summary>
    private static bool Verbose => Environment.GetEnvironmentVariable("LIBVIRT_BENCH_VERBOSE") == "1";

    /// <inheritdoc />
    public string Name => "libvirt";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "bench", "scripts", "local-lab-virsh.sh");
        var (versionCode, _, versionError) = await ProcessRunner.RunAsync("virsh", ["-c", LibvirtProvider.DefaultUri, "version"], TimeSpan.FromSeconds(30), cancellationToken);
        if (versionCode != 0)
        {
            throw new InvalidOperationException($"the libvirt daemon does not answer (run scripts/setup-libvirt): {versionError}");
        }

        var ours = new List<double>();
        var theirs = new List<double>();
        await Console.Error.WriteLineAsync($"libvirt: load average at start {LoadAverage()}");
        for (var run = -1; run < Runs; run++)
        {
            var oursFirst = run % 2 != 0;
            for (var side = 0; side < 2; side++)
            {
                var isOurs = (side == 0) == oursFirst;
                var elapsed = isOurs
                    ? await MeasureOursAsync(root, script, compareWithScript: run == -1, cancellationToken)
                    : await MeasureScriptAsync(script, cancellationToken);
                if (run >= 0)
                {
                    (isOurs ? ours : theirs).Add(elapsed);
                }

                if (Verbose)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"libvirt: run {run} {(isOurs ? "ours" : "script")} {elapsed:0} ms (load {LoadAverage()})"));
                }
            }
        }

        await Console.Error.WriteLineAsync($"libvirt: load average at end {LoadAverage()}");
        var oursMedian = Median(ours);
        var scriptMedian = Median(theirs);
        return
        [
            new BenchmarkFigure("libvirt.local-lab-up.ours", oursMedian, "ms", "<", 30_000, "ms"),
            new BenchmarkFigure("libvirt.local-lab-up.script", scriptMedian, "ms", "<", 60_000, "ms"),
            new BenchmarkFigure("libvirt.local-lab-up.vs-script", oursMedian / scriptMedian, "x", "<=", 1.0, "x"),
        ];
    }

    /// <summary>One <c>up</c> of a fresh copy of the example; when <paramref name="compareWithScript"/>, also
    /// makes the script's objects once and checks that both define the same domain and network.</summary>
    private static async Task<double> MeasureOursAsync(string root, string script, bool compareWithScript, CancellationToken cancellationToken)
    {
        var project = "bo" + Guid.NewGuid().ToString("N")[..8];
        var net24 = RandomNet24();
        var copy = CopyExample(root, project, net24);
        var owner = new LockOwner("bench", Environment.ProcessId, Environment.MachineName, "up", DateTimeOffset.UtcNow);
        ResourceGraph? graph = null;
        FileStateStore? store = null;
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var compiled = await RepositoryCompiler.CompileAsync(new DirectorySourceTree(copy), new CompileOptions { StackName = Stack }, cancellationToken);
            graph = compiled.Value?.Stacks.SingleOrDefault()?.Graph
                ?? throw new InvalidOperationException("examples/local-lab does not compile: " + string.Join("; ", compiled.Diagnostics));
            store = new FileStateStore(compiled.Value.Project.BackendUrl, copy, project, null, TimeProvider.System);
            using (var provider = Verbose ? new LibvirtProvider(new StderrLogger<LibvirtProvider>(), TimeProvider.System) : new LibvirtProvider())
            {
                var up = await new StackOperations(TimeProvider.System).UpAsync(graph, store, new ProviderRegistry(provider), owner, StackOperationOptions.Default, cancellationToken);
                stopwatch.Stop();
                if (Verbose)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"libvirt: plan {up.Plan.Duration.TotalMilliseconds:0} ms, apply {up.Apply?.Duration.TotalMilliseconds:0} ms"));
                }

                if (!up.Succeeded)
                {
                    throw new InvalidOperationException("up of local-lab failed: " + string.Join("; ", up.Apply?.Failures.Select(f => f.ToString()) ?? up.Plan.Diagnostics.Select(d => d.ToString())));
                }
            }

            if (compareWithScript)
            {
                await CompareWithScriptAsync(script, project, cancellationToken);
            }

            return stopwatch.Elapsed.TotalMilliseconds;
        }
        finally
        {
            if (graph is not null && store is not null)
            {
                try
                {
                    using var provider = new LibvirtProvider();
                    await new StackOperations(TimeProvider.System).DestroyAsync(graph.Project, graph.Stack, graph.ProviderConfigurations, store, new ProviderRegistry(provider), owner with { Operation = "destroy" }, StackOperationOptions.Default, CancellationToken.None);
                }
                catch (GitOpsException e)
                {
                    await Console.Error.WriteLineAsync($"libvirt: destroy of {project} failed ({e.Message}); sweeping");
                }
            }

            await SweepAsync(script, $"{project}-{Stack}");
            Directory.Delete(copy, recursive: true);
        }
    }

    private static async Task<double> MeasureScriptAsync(string script, CancellationToken cancellationToken)
    {
        var prefix = $"bs{Guid.NewGuid().ToString("N")[..8]}-{Stack}";
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var (code, _, error) = await ProcessRunner.RunAsync("bash", [script, "up", prefix, RandomNet24()], ScriptTimeout, cancellationToken);
            stopwatch.Stop();
            return code == 0 ? stopwatch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"{script} up failed ({code}): {error}");
        }
        finally
        {
            await SweepAsync(script, prefix);
        }
    }

    /// <summary>Makes the script's objects next to ours and compares the inactive XML of the domains and the
    /// network as libvirt stores them, names, UUIDs, MACs, bridges and addresses aside: the comparison is only
    /// fair when both sides define the same guests.</summary>
    private static async Task CompareWithScriptAsync(string script, string project, CancellationToken cancellationToken)
    {
        var prefix = $"bs{Guid.NewGuid().ToString("N")[..8]}-{Stack}";
        try
        {
            var (code, _, error) = await ProcessRunner.RunAsync("bash", [script, "up", prefix, RandomNet24()], ScriptTimeout, cancellationToken);
            if (code != 0)
            {
                throw new InvalidOperationException($"{script} up failed ({code}): {error}");
            }

            foreach (var (command, name) in new[] { ("dumpxml", "web-0"), ("dumpxml", "db-0"), ("net-dumpxml", "lab-net") })
            {
                var oursXml = Normalise(await VirshAsync(cancellationToken, command, "--inactive", $"{project}-{Stack}-{name}"), $"{project}-{Stack}");
                var scriptXml = Normalise(await VirshAsync(cancellationToken, command, "--inactive", $"{prefix}-{name}"), prefix);
                if (oursXml != scriptXml)
                {
                    throw new InvalidOperationException($"the script's {name} differs from ours:\n--- ours\n{oursXml}\n--- script\n{scriptXml}");
                }
            }
        }
        finally
        {
            await SweepAsync(script, prefix);
        }
    }

    private static string Normalise(string xml, string prefix)
    {
        xml = xml.Replace(prefix, "PREFIX", StringComparison.Ordinal);
        xml = MetadataPattern().Replace(xml, "<metadata/>");
        xml = VolatilePattern().Replace(xml, "$1X$2");
        return xml;
    }

    private static async Task<string> VirshAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var (code, output, error) = await ProcessRunner.RunAsync("virsh", ["-c", LibvirtProvider.DefaultUri, .. arguments], TimeSpan.FromMinutes(1), cancellationToken);
        return code == 0 ? output : throw new InvalidOperationException($"virsh {string.Join(' ', arguments)} failed: {error}");
    }

    private static async Task SweepAsync(string script, string prefix)
    {
        var (code, _, error) = await ProcessRunner.RunAsync("bash", [script, "down", prefix], ScriptTimeout, CancellationToken.None);
        if (code != 0)
        {
            await Console.Error.WriteLineAsync($"libvirt: sweeping {prefix} failed: {error}");
        }
    }

    /// <summary>Copies examples/local-lab under <paramref name="project"/> with the network <paramref name="net24"/>.0/24.</summary>
    private static string CopyExample(string root, string project, string net24)
    {
        var source = Path.Combine(root, "examples", "local-lab");
        var target = Path.Combine(Path.GetTempPath(), "infra-gitops-bench-libvirt-" + project);
        foreach (var file in Directory.EnumerateFiles(source, "*.yaml", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith(".infra", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file)
                .Replace("name: local-lab", $"name: {project}", StringComparison.Ordinal)
                .Replace(ExampleCidr, $"{net24}.0/24", StringComparison.Ordinal);
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!); // a file's path has a folder
            File.WriteAllText(destination, text);
        }

        return target;
    }

    /// <summary>A random /24 (as its first three octets) in 10.200.0.0-10.249.255.0, away from the example's own.</summary>
    private static string RandomNet24() => string.Create(CultureInfo.InvariantCulture, $"10.{Random.Shared.Next(200, 250)}.{Random.Shared.Next(0, 256)}");

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Infra.GitOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Infra.GitOps.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("<metadata>.*?</metadata>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MetadataPattern();

    // UUIDs, MACs, bridge names and IPv4 addresses differ between any two objects.
    [GeneratedRegex("(<uuid>|<mac address='|<bridge name='|address='|start='|end=')[^<']+('|</uuid>)", RegexOptions.CultureInvariant)]
    private static partial Regex VolatilePattern();
}
