using System.Diagnostics;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Native;

namespace Infra.GitOps.Providers.Libvirt.Tests.Stacks;

/// <summary>
/// The local-lab example through the engine on the real daemon: drift made by hand is found by refresh and
/// repaired by up; a CLI process killed with SIGKILL in the middle of up is recovered by the next up with nothing
/// duplicated or left behind; bad input is reported at its place in the YAML.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class LocalLabStackTests
{
    private LocalLab lab = null!; // Set in SetUp before any test runs.

    [SetUp]
    public void SetUp() => lab = LocalLab.Create();

    [TearDown]
    public Task TearDownAsync() => lab.CleanUpAsync();

    [Test]
    [CancelAfter(600_000)]
    public async Task RefreshThenUp_DomainDestroyedVolumeDeletedMemoryChangedByHand_DetectedAndRepaired()
    {
        var graph = await lab.GraphAsync();
        LocalLab.AssertSucceeded(await lab.UpAsync(graph), "first up");

        await Virsh.RunAsync("destroy", lab.Name("web-0"));
        await Virsh.RunAsync("vol-delete", lab.Name("web-data"), "--pool", lab.Pool);
        await Virsh.RunAsync("setmaxmem", lab.Name("db-0"), "160M", "--config");

        var refresh = await lab.RefreshAsync(graph);
        LocalLab.AssertSucceeded(refresh, "refresh");
        var drift = refresh.Plan.Steps.Where(s => s.Operation == StepOperation.Refresh).ToDictionary(s => s.Urn.Name);
        Assert.That(drift.Keys, Is.EquivalentTo(new[] { "web-0", "web-data", "db-0" }));
        Assert.Multiple(() =>
        {
            Assert.That(drift["web-data"].NewState, Is.Null, "the deleted volume leaves the state");
            Assert.That(drift["web-0"].NewState?.Inputs["running"], Is.EqualTo(new BoolValue(false)));
            Assert.That(drift["web-0"].NewState?.Outputs["state"], Is.EqualTo(new StringValue("shut off")));
            Assert.That(drift["db-0"].NewState?.Inputs["memory"], Is.EqualTo(new NumberValue(160)));
        });

        var repair = await lab.UpAsync(graph);
        LocalLab.AssertSucceeded(repair, "repairing up");
        var changes = repair.Plan.Steps.Where(s => s.Operation != StepOperation.Same).ToLookup(s => s.Urn.Name, s => s.Operation);
        Assert.Multiple(async () =>
        {
            Assert.That(changes.Select(c => c.Key), Is.EquivalentTo(new[] { "web-0", "web-data", "db-0" }));
            Assert.That(changes["web-data"], Is.EqualTo(new[] { StepOperation.Create }));
            Assert.That(changes["db-0"], Is.EqualTo(new[] { StepOperation.Update }));

            // The recreated volume's id is unknown when planning, and a domain's disks only change by replacement.
            Assert.That(changes["web-0"], Is.SubsetOf(new[] { StepOperation.Replace, StepOperation.CreateReplacement, StepOperation.DeleteReplaced }).And.Not.Empty);
            Assert.That((await Virsh.RunAsync("domstate", lab.Name("web-0"))).Trim(), Is.EqualTo("running"));
            Assert.That(await Virsh.RunAsync("dominfo", lab.Name("db-0")), Does.Match(@"Max memory:\s+131072 KiB"));
            Assert.That(await VolumesAsync(), Is.EquivalentTo(new[] { lab.Name("web-data"), lab.Name("db-data") }));
        });

        var again = await lab.UpAsync(graph);
        LocalLab.AssertSucceeded(again, "third up");
        Assert.That(again.Plan.ChangeSummary.HasChanges, Is.False, "the repaired stack has no changes left");
    }

    [TestCase("network")]
    [TestCase("pool")]
    [TestCase("volume file")]
    [TestCase("domain")]
    [CancelAfter(600_000)]
    public async Task UpAsync_CliKilledOnceObjectAppears_NextUpConvergesWithNothingDuplicatedOrLeft(string appears)
    {
        var graph = await lab.GraphAsync();
        var killed = await KillCliUpWhenAsync(appears);
        Assert.That(killed, Is.True, $"the CLI's up finished before it could be killed once a {appears} appeared");

        // The killed process still holds the stack lock: break it, as `infra-gitops stack unlock` would.
        await lab.Store.BreakLockAsync(LocalLab.Stack, CancellationToken.None);
        var recovered = await lab.UpAsync(graph);
        LocalLab.AssertSucceeded(recovered, "the up after the kill");

        var prefix = lab.Project + "-";
        Assert.Multiple(async () =>
        {
            Assert.That((await Virsh.NamesAsync("list", "--all", "--name")).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)), Is.EquivalentTo(new[] { lab.Name("web-0"), lab.Name("db-0") }));
            Assert.That((await Virsh.NamesAsync("net-list", "--all", "--name")).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)), Is.EquivalentTo(new[] { lab.Name("lab-net") }));
            Assert.That((await Virsh.NamesAsync("pool-list", "--all", "--name")).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)), Is.EquivalentTo(new[] { lab.Pool }));
            Assert.That(await VolumesAsync(), Is.EquivalentTo(new[] { lab.Name("web-data"), lab.Name("db-data") }));
            Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(LibvirtSetup.PoolsRoot, lab.Pool)).Select(Path.GetFileName), Is.EquivalentTo(new[] { lab.Name("web-data"), lab.Name("db-data") }));
            Assert.That(recovered.Snapshot.Resources.Where(r => r.Custom).Select(r => r.Urn.Name), Is.EquivalentTo(new[] { lab.Pool, "lab-net", "web-data", "db-data", "web-0", "db-0" }));
        });

        var again = await lab.UpAsync(graph);
        LocalLab.AssertSucceeded(again, "the up after recovery");
        Assert.That(again.Plan.ChangeSummary.HasChanges, Is.False, "the recovered stack has no changes left");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CompileAsync_MemoryTooSmall_DiagnosticAtMemoryValue()
    {
        lab.Edit("infra/vms.yaml", "memoryMiB: ${var.vmMemory}\n  image: builtin:tiny\n  network: lab-net\n  disks: [web-data]", "memoryMiB: 32\n  image: builtin:tiny\n  network: lab-net\n  disks: [web-data]");

        var (graph, diagnostics) = await lab.CompileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(graph, Is.Null);
            Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
            {
                $"infra/vms.yaml:{At("infra/vms.yaml", "32")}: error {DiagnosticMessages.OutOfRangeCode}: " + DiagnosticMessages.Format(DiagnosticMessages.OutOfRange, "spec.memoryMiB", 64, 1048576, 32),
            }));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task PreviewAsync_MissingBaseImage_DiagnosticAtImage()
    {
        const string missing = "/var/lib/infra-gitops/images/igt-missing.qcow2";
        lab.Edit("infra/vms.yaml", "image: builtin:tiny\n  network: lab-net\n  disks: [web-data]", $"image: {missing}\n  network: lab-net\n  disks: [web-data]");

        var plan = await lab.PreviewAsync(await lab.GraphAsync());

        Assert.Multiple(() =>
        {
            Assert.That(plan.HasErrors, Is.True);
            Assert.That(plan.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
            {
                $"infra/vms.yaml:{At("infra/vms.yaml", missing)}: error {DiagnosticMessages.CheckFailedCode}: "
                    + DiagnosticMessages.Format(DiagnosticMessages.CheckFailed, "web-0-root", "baseVolumeId", $"base image '{missing}' does not exist"),
            }));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task PreviewAsync_RangeOverlapsUnmanagedNetwork_DiagnosticAtCidr()
    {
        var cidr = lab.Cidr;
        var net24 = cidr[..cidr.LastIndexOf('.')];
        await Virsh.DefineAsync("net-define", $"<network><name>{lab.Project}-foreign</name><ip address='{net24}.1' prefix='24'/></network>");
        await Virsh.RunAsync("net-start", $"{lab.Project}-foreign");

        var plan = await lab.PreviewAsync(await lab.GraphAsync());

        Assert.Multiple(() =>
        {
            Assert.That(plan.HasErrors, Is.True);
            Assert.That(plan.Diagnostics, Has.Exactly(1).Items);
            var diagnostic = plan.Diagnostics[0];
            Assert.That(diagnostic.Code, Is.EqualTo(DiagnosticMessages.CheckFailedCode));
            Assert.That($"{diagnostic.Location}", Is.EqualTo($"infra/network.yaml:{At("infra/network.yaml", cidr)}"));
            Assert.That(diagnostic.Message, Does.Contain("'addresses'").And.Contain($"{lab.Project}-foreign"));
        });
    }

    /// <summary>Starts <c>infra-gitops up --yes</c> on the copy in a process of its own and kills it with SIGKILL as
    /// soon as the stack's <paramref name="kind"/> exists (the volume file before the volume is tagged). False when
    /// the process ended first.</summary>
    private async Task<bool> KillCliUpWhenAsync(string kind)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "infra-gitops.dll"), "up", "--repo", lab.Root, "--stack", LocalLab.Stack, "--yes" })
        {
            start.ArgumentList.Add(argument);
        }

        using var client = LibvirtClient.Open(LibvirtSetup.Uri, CancellationToken.None);
        using var process = Process.Start(start)!; // UseShellExecute=false: a process or an exception
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (Exists(client, kind))
            {
                process.Kill(entireProcessTree: true); // SIGKILL
                await process.WaitForExitAsync();
                TestContext.Out.WriteLine($"killed once a {kind} appeared, after {deadline.ElapsedMilliseconds} ms");
                return true;
            }

            await Task.Delay(20);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        TestContext.Out.WriteLine($"the CLI ended on its own ({process.ExitCode}):\n{await output}\n{await error}");
        return false;
    }

    private bool Exists(LibvirtClient client, string kind)
    {
        switch (kind)
        {
            case "network":
                using (var network = client.FindNetworkByName(lab.Name("lab-net"), CancellationToken.None))
                {
                    return network is not null;
                }

            case "pool":
                using (var pool = client.FindPoolByName(lab.Pool, CancellationToken.None))
                {
                    return pool is not null;
                }

            case "volume file":
                return Directory.Exists(Path.Combine(LibvirtSetup.PoolsRoot, lab.Pool))
                    && Directory.EnumerateFiles(Path.Combine(LibvirtSetup.PoolsRoot, lab.Pool)).Any();
            default:
                using (var domain = client.FindDomainByName(lab.Name("web-0"), CancellationToken.None))
                {
                    return domain is not null;
                }
        }
    }

    /// <summary>The names of the volumes libvirt lists in the stack's pool.</summary>
    private async Task<IEnumerable<string>> VolumesAsync() =>
        (await Virsh.NamesAsync("-q", "vol-list", lab.Pool)).Select(line => line.Split(' ', 2)[0]);

    /// <summary>"line:column" (1-based) of the first occurrence of <paramref name="text"/> in a file of the copy.</summary>
    private string At(string relativePath, string text)
    {
        var lines = File.ReadAllLines(Path.Combine(lab.Root, relativePath));
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(text, StringComparison.Ordinal);
            if (column >= 0)
            {
                return $"{i + 1}:{column + 1}";
            }
        }

        throw new AssertionException($"'{text}' is not in {relativePath}");
    }
}
