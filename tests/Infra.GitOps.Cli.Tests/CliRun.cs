using Infra.GitOps.Cli;

namespace Infra.GitOps.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output, exactly as the tool parses and exits.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, rich: false);
        var code = await CliApplication.RunAsync(args, console, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Infra.GitOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Infra.GitOps.sln not found above the test's folder");
    }

    /// <summary>Copies an example into a fresh temporary folder and returns its path.</summary>
    public static string CopyExample(string name)
    {
        var source = Path.Combine(RepositoryRoot(), "examples", name);
        var target = Path.Combine(Path.GetTempPath(), "igt-cli-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith(".infra", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!); // a file's path has a folder
            File.Copy(file, Path.Combine(target, relative));
        }

        return target;
    }
}
