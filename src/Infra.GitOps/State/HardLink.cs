using System.Runtime.InteropServices;

namespace Infra.GitOps.State;

/// <summary>
/// A second name for an existing file (POSIX <c>link</c>): a checkpoint kept in the history costs no copy, because
/// checkpoints are never changed in place (each is written to a temporary file and renamed over the old one).
/// </summary>
internal static partial class HardLink
{
    /// <summary>Gives the file at <paramref name="existing"/> the name <paramref name="newPath"/>; false when the platform
    /// or the file system cannot (the caller copies instead).</summary>
    public static bool TryCreate(string existing, string newPath)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return false;
        }

        try
        {
            return Link(existing, newPath) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newPath);
}
