using System.Diagnostics;

namespace Infra.GitOps.Providers.Libvirt.Tests;

/// <summary>
/// Runs scripts/setup-libvirt once before every test of this assembly: it installs and starts libvirt and
/// builds the tiny guest when needed (idempotent, instant when done). Nothing is skipped: when the daemon
/// cannot be brought up, every test fails.
/// </summary>
[SetUpFixture]
public sealed class LibvirtSetup
{
    public const string Uri = "qemu:///system";
    public const string TinyKernel = "/var/lib/infra-gitops/images/tiny/vmlinuz";
    public const string TinyInitrd = "/var/lib/infra-gitops/images/tiny/initrd.img";
    public const string PoolsRoot = "/var/lib/infra-gitops/pools";

    [OneTimeSetUp]
    public async Task RunSetupScriptAsync()
    {
        var script = FindScript();
        using var process = Process.Start(new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!; // Start with UseShellExecute=false returns a process or throws.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        TestContext.Progress.WriteLine(await stdout);
        Assert.That(process.ExitCode, Is.Zero, $"scripts/setup-libvirt failed:\n{await stdout}\n{await stderr}");
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "setup-libvirt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("scripts/setup-libvirt not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
