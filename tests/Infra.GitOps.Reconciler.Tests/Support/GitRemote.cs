using System.Diagnostics;

namespace Infra.GitOps.Reconciler.Tests.Support;

/// <summary>
/// A real Git setup in a temp folder: a bare repository as the remote and a working clone that commits and
/// pushes to it with the git command line, as a developer would.
/// </summary>
public sealed class GitRemote
{
    public GitRemote(string root)
    {
        RemotePath = Path.Combine(root, "remote.git");
        WorkPath = Path.Combine(root, "work");
        Directory.CreateDirectory(RemotePath);
        Directory.CreateDirectory(WorkPath);
        Git(RemotePath, "init", "--bare", "--initial-branch=main");
        Git(WorkPath, "init", "--initial-branch=main");
        Git(WorkPath, "remote", "add", "origin", RemotePath);
    }

    public string RemotePath { get; }

    public string WorkPath { get; }

    /// <summary>Writes the files (null deletes one), commits them and returns the new commit's id (not pushed).</summary>
    public string Commit(string message, IReadOnlyDictionary<string, string?> files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(WorkPath, path);
            if (content is null)
            {
                File.Delete(full);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!); // repository paths always have a folder
            File.WriteAllText(full, content);
        }

        Git(WorkPath, "add", "-A");
        Git(WorkPath, "commit", "-q", "--allow-empty", "-m", message);
        return Git(WorkPath, "rev-parse", "HEAD").Trim();
    }

    public void Push(bool force = false)
    {
        if (force)
        {
            Git(WorkPath, "push", "-q", "--force", "origin", "main");
        }
        else
        {
            Git(WorkPath, "push", "-q", "origin", "main");
        }
    }

    public void Tag(string name, string revision)
    {
        Git(WorkPath, "tag", name, revision);
        Git(WorkPath, "push", "-q", "origin", name);
    }

    public void ResetTo(string revision) => Git(WorkPath, "reset", "-q", "--hard", revision);

    /// <summary>Deletes the branch on the remote (a push cannot: it is the bare repository's current branch).</summary>
    public void DeleteRemoteBranch() => Git(RemotePath, "update-ref", "-d", "refs/heads/main");

    private static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "user.name=Ann Example", "-c", "user.email=ann@example.org", "-c", "commit.gpgsign=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!; // Process.Start returns null only for shell-executed documents
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
    }
}
