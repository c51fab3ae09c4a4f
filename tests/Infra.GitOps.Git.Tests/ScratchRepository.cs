using System.Diagnostics;
using System.Text;

namespace Infra.GitOps.Git.Tests;

/// <summary>
/// A real Git repository in a temporary folder, driven with the git CLI: the independent party the tests compare
/// our LibGit2Sharp reads against. Identity and dates are fixed; the user's and system's Git configuration is
/// ignored.
/// </summary>
public sealed class ScratchRepository : IDisposable
{
    public const string AuthorName = "Ada Lovelace";
    public const string AuthorEmail = "ada@example.test";

    private readonly string _root;
    private int _commits;

    private ScratchRepository(string root, string path)
    {
        _root = root;
        Path = path;
    }

    /// <summary>The working directory (or the repository itself when bare).</summary>
    public string Path { get; }

    /// <summary>A file:// URL of <see cref="Path"/>.</summary>
    public string FileUrl => new Uri(Path).AbsoluteUri;

    public static ScratchRepository CreateWorking(string branch = "main")
    {
        string root = NewRoot();
        var scratch = new ScratchRepository(root, System.IO.Path.Combine(root, "work"));
        Directory.CreateDirectory(scratch.Path);
        scratch.Git("init", "--quiet", "--initial-branch", branch);
        scratch.Git("config", "core.autocrlf", "false");
        return scratch;
    }

    public static ScratchRepository CreateBare(string branch = "main")
    {
        string root = NewRoot();
        var scratch = new ScratchRepository(root, System.IO.Path.Combine(root, "remote.git"));
        Directory.CreateDirectory(scratch.Path);
        scratch.Git("init", "--quiet", "--bare", "--initial-branch", branch);
        return scratch;
    }

    /// <summary>A working clone of this (bare) repository, to commit and push from.</summary>
    public ScratchRepository CloneWorking()
    {
        string root = NewRoot();
        var clone = new ScratchRepository(root, System.IO.Path.Combine(root, "work"));
        Run(root, "clone", "--quiet", Path, clone.Path);
        clone.Git("config", "core.autocrlf", "false");
        return clone;
    }

    public void Write(string path, string text) => WriteBytes(path, Encoding.UTF8.GetBytes(text));

    public void WriteBytes(string path, byte[] bytes)
    {
        string full = Full(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!); // a file path always has a parent.
        File.WriteAllBytes(full, bytes);
    }

    public void Symlink(string path, string target)
    {
        string full = Full(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!); // a file path always has a parent.
        File.CreateSymbolicLink(full, target);
    }

    public void Delete(string path) => File.Delete(Full(path));

    public void Move(string from, string to)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Full(to))!); // a file path always has a parent.
        Git("mv", from, to);
    }

    /// <summary>Stages everything and commits; returns the new commit's sha. Each commit is one minute later.</summary>
    public string Commit(string message)
    {
        Git("add", "--all");
        DateTimeOffset when = new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.FromHours(2)).AddMinutes(_commits++);
        string date = when.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        RunWithEnvironment(Path, [("GIT_AUTHOR_DATE", date), ("GIT_COMMITTER_DATE", date)], "commit", "--quiet", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    public string Git(params string[] arguments) => Run(Path, arguments);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }

    public static string Run(string workingDirectory, params string[] arguments) =>
        RunWithEnvironment(workingDirectory, [], arguments);

    private static string RunWithEnvironment(
        string workingDirectory,
        (string Name, string Value)[] environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
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
        start.Environment["GIT_AUTHOR_NAME"] = AuthorName;
        start.Environment["GIT_AUTHOR_EMAIL"] = AuthorEmail;
        start.Environment["GIT_COMMITTER_NAME"] = AuthorName;
        start.Environment["GIT_COMMITTER_EMAIL"] = AuthorEmail;
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        var error = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (error)
            {
                error.AppendLine(line.Data);
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            lock (error)
            {
                throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
            }
        }

        return output.TrimEnd('\n');
    }

    private static string NewRoot()
    {
        string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "infra-gitops-git-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return root;
    }

    private string Full(string path) => System.IO.Path.Combine(Path, path);
}
