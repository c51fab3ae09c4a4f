using System.Diagnostics;
using Infra.GitOps.Cli;
using NUnit.Framework;

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

    /// <summary>
    /// Copies local-lab under a unique project name and an address range of its own, so that what it creates on
    /// the libvirt host never collides with the demo or another run. Returns the folder and the project name.
    /// </summary>
    public static (string Repository, string Project) CopyLocalLabAsUniqueProject()
    {
        var repository = CopyExample("local-lab");
        var project = "igt" + Guid.NewGuid().ToString("N")[..8];
        var projectFile = Path.Combine(repository, "Pulumi.yaml");
        File.WriteAllText(projectFile, File.ReadAllText(projectFile).Replace("name: local-lab", $"name: {project}", StringComparison.Ordinal));
        var network = Path.Combine(repository, "infra", "network.yaml");
        File.WriteAllText(network, File.ReadAllText(network).Replace("10.231.0.0/24", $"10.{Random.Shared.Next(200, 250)}.{Random.Shared.Next(1, 250)}.0/24", StringComparison.Ordinal));
        return (repository, project);
    }

    /// <summary>Runs a program and asserts it succeeded.</summary>
    public static void Run(string program, string arguments) => Run(program, arguments, Environment.CurrentDirectory);

    /// <summary>Runs <c>virsh -c qemu:///system ARGUMENTS</c>, asserts it succeeded, and returns its output.</summary>
    public static string Virsh(string arguments) => Run("virsh", "-c qemu:///system " + arguments, Environment.CurrentDirectory);

    /// <summary>Runs git in <paramref name="repository"/>, asserts it succeeded and returns its trimmed output.</summary>
    public static string GitOutput(string repository, string arguments) => Run("git", arguments, repository).Trim();

    /// <summary>Runs git in <paramref name="repository"/> and asserts it succeeded.</summary>
    public static void Git(string repository, string arguments) =>
        Run("git", $"-c user.name=test -c user.email=test@example.invalid {arguments}", repository);

    private static string Run(string program, string arguments, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!; // the program is installed; Process.Start returns the process
        // Outputs here are short (git plumbing, virsh): reading one stream after the other cannot fill a pipe.
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {arguments}: {error}");
        return output;
    }

    /// <summary>
    /// A small lab for reconciler tests: local-lab under a unique project with its network only (no VM, so it applies
    /// in seconds), committed in a working repository that pushes to a bare remote beside it.
    /// Returns the working repository, the bare remote, the first commit and the project name.
    /// </summary>
    public static (string Work, string Remote, string First, string Project) CreateNetworkLabWithRemote()
    {
        var (work, project) = CopyLocalLabAsUniqueProject();
        File.Delete(Path.Combine(work, "infra", "vms.yaml"));
        Git(work, "init -q -b main");
        Git(work, "add -A");
        Git(work, "commit -qm network");
        var remote = work + "-remote.git";
        Git(work, $"clone -q --bare . {remote}");
        Git(work, $"remote add origin {remote}");
        return (work, remote, Head(work), project);
    }

    /// <summary>Writes <paramref name="files"/> (path relative to the repository: content), commits, pushes to origin, and returns the new commit.</summary>
    public static string CommitAndPush(string work, string message, IReadOnlyDictionary<string, string> files)
    {
        foreach (var (path, content) in files)
        {
            File.WriteAllText(Path.Combine(work, path), content);
        }

        Git(work, "add -A");
        Git(work, $"commit -qm \"{message}\"");
        Git(work, "push -q origin main");
        return Head(work);
    }

    /// <summary>A libvirt disk document named <paramref name="name"/> of <paramref name="sizeGb"/> GB.</summary>
    public static string Disk(string name, int sizeGb = 1) =>
        $"apiVersion: infra.gitops/v1\nkind: Disk\nmetadata:\n  name: {name}\nspec:\n  provider: libvirt\n  sizeGb: {sizeGb}\n";

    /// <summary>The commit id of HEAD.</summary>
    public static string Head(string repository)
    {
        using var process = Process.Start(new ProcessStartInfo("git", "rev-parse HEAD")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
        })!; // git is installed; Process.Start returns the process
        var sha = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return sha;
    }

    /// <summary>Deletes the folders that exist.</summary>
    public static void DeleteDirectories(params string[] paths)
    {
        foreach (var path in paths.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
