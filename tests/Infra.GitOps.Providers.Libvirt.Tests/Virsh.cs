using System.Diagnostics;

namespace Infra.GitOps.Providers.Libvirt.Tests;

/// <summary>Runs virsh against the test daemon: the "by hand" changes the tests make behind the provider's back.</summary>
public static class Virsh
{
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var (code, stdout, stderr) = await TryRunAsync(arguments);
        Assert.That(code, Is.Zero, $"virsh {string.Join(' ', arguments)} failed: {stderr}");
        return stdout;
    }

    public static async Task<(int Code, string Stdout, string Stderr)> TryRunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("virsh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(LibvirtSetup.Uri);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!; // Start with UseShellExecute=false returns a process or throws.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Defines (from a temporary file) an object the provider did not create.</summary>
    public static async Task DefineAsync(string command, string xml)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, xml);
            await RunAsync(command, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task<IReadOnlyList<string>> NamesAsync(params string[] listCommand)
    {
        var (code, stdout, _) = await TryRunAsync(listCommand);
        return code != 0 ? [] : stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
