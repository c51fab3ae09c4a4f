using System.Diagnostics;
using System.Text;

namespace Infra.GitOps.Bench.Git;

/// <summary>Runs the git CLI with the user's and system's configuration ignored.</summary>
internal static class GitCli
{
    /// <summary>Runs git, feeding <paramref name="input"/> (if any) to its stdin; returns stdout. Throws on failure.</summary>
    public static async Task<string> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        Func<Stream, Task>? input,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";

        using var process = new Process { StartInfo = start };
        process.Start();
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await using (Stream stdin = process.StandardInput.BaseStream)
            {
                await input(stdin);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"git {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    /// <summary>UTF-8 without a byte order mark, as git expects on stdin.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
