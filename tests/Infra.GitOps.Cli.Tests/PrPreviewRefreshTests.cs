using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary>
/// <c>pr-preview --refresh</c>: without it no provider is contacted (the stack's libvirt address leads nowhere
/// and the preview still works); with it each affected stack is read from the real libvirt daemon first, so a
/// network deleted behind the tool's back shows as a create.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[CancelAfter(300_000)]
public class PrPreviewRefreshTests
{
    private string _repo = null!;
    private string _project = null!;

    [SetUp]
    public void SetUp()
    {
        // Only the network: one libvirt object, quick to create and to remove out of band.
        (_repo, _project) = CliRun.CopyLocalLabAsUniqueProject();
        File.Delete(Path.Combine(_repo, "infra", "vms.yaml"));
        CliRun.Git(_repo, "init -q");
        CliRun.Git(_repo, "add -A");
        CliRun.Git(_repo, "commit -qm base");
    }

    [TearDown]
    public async Task TearDown()
    {
        await CliRun.RunAsync("destroy", "--repo", _repo, "--stack", "lab", "--yes");
        Directory.Delete(_repo, recursive: true);
    }

    [Test]
    public async Task PrPreview_NoLibvirtReachable_WorksWithoutRefreshAndFailsClearlyWithIt()
    {
        SetStackVariable("vmMemory: 128", "vmMemory: 256");
        var stack = Path.Combine(_repo, "stacks", "lab.yaml");
        File.WriteAllText(stack, File.ReadAllText(stack).Replace("qemu:///system", "qemu:///system?socket=/nonexistent/libvirt-sock", StringComparison.Ordinal));
        CliRun.Git(_repo, "commit -qam unreachable");

        var offline = await CliRun.RunAsync("pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "HEAD");
        var refreshed = await CliRun.RunAsync("pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "HEAD", "--refresh");

        Assert.Multiple(() =>
        {
            Assert.That(offline.ExitCode, Is.EqualTo(ExitCodes.Success), offline.Output + offline.Error);
            Assert.That(offline.Output, Does.Contain("| `lab` | 3 |"), "nothing deployed yet: the stack, the network and its libvirt network");
            Assert.That(refreshed.ExitCode, Is.EqualTo(ExitCodes.Failed), refreshed.Output + refreshed.Error);
            Assert.That(refreshed.Error, Does.Contain("stack 'lab' could not be previewed").And.Contain("nonexistent"));
            Assert.That(refreshed.Error, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task PrPreview_NetworkDeletedOutOfBand_ShowsCreateOnlyWithRefresh()
    {
        var up = await CliRun.RunAsync("up", "--repo", _repo, "--stack", "lab", "--yes");
        Assert.That(up.ExitCode, Is.EqualTo(ExitCodes.Success), up.Output + up.Error);
        var network = $"{_project}-lab-lab-net";
        CliRun.Run("virsh", $"-c qemu:///system net-destroy {network}");
        CliRun.Run("virsh", $"-c qemu:///system net-undefine {network}");
        SetStackVariable("vmMemory: 128", "vmMemory: 256");
        CliRun.Git(_repo, "commit -qam touch");

        var offline = await CliRun.RunAsync("pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "HEAD", "--json", Path.Combine(_repo, "offline.json"));
        var refreshed = await CliRun.RunAsync("pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "HEAD", "--refresh", "--json", Path.Combine(_repo, "refreshed.json"));

        Assert.Multiple(() =>
        {
            Assert.That(offline.ExitCode, Is.EqualTo(ExitCodes.Success), offline.Output + offline.Error);
            Assert.That(refreshed.ExitCode, Is.EqualTo(ExitCodes.Success), refreshed.Output + refreshed.Error);
            Assert.That(offline.Output, Does.Contain("| `lab` | 0 |"), "the recorded state still has the network");
            Assert.That(refreshed.Output, Does.Contain("| `lab` | 1 |"), "the daemon no longer has it: create");
            Assert.That(File.ReadAllText(Path.Combine(_repo, "refreshed.json")), Does.Contain(network));
        });
    }

    private void SetStackVariable(string from, string to)
    {
        var stack = Path.Combine(_repo, "stacks", "lab.yaml");
        File.WriteAllText(stack, File.ReadAllText(stack).Replace(from, to, StringComparison.Ordinal));
    }
}
