using System.Runtime.InteropServices;
using System.Text;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>
/// Linux extended attributes (<c>setxattr</c>/<c>getxattr</c> from libc) on files and directories: where the
/// provider tags storage pools and volumes, which have no metadata element in libvirt.
/// </summary>
internal static partial class ExtendedAttributes
{
    private const string Library = "libc";
    private const int NoSuchAttribute = 61; // ENODATA
    private const int NoSuchFile = 2; // ENOENT

    /// <summary>Writes <paramref name="value"/> as attribute <paramref name="name"/> of <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file system refused it.</exception>
    public static void Set(string path, string name, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (setxattr(path, name, bytes, (nuint)bytes.Length, 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot set extended attribute '{name}' on '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>The attribute's value, or null when the file or the attribute does not exist.</summary>
    public static string? Get(string path, string name)
    {
        var buffer = new byte[4096];
        var length = getxattr(path, name, buffer, (nuint)buffer.Length);
        if (length < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is NoSuchAttribute or NoSuchFile ? null
                : throw new IOException($"cannot read extended attribute '{name}' of '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        return Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    /// <summary>Removes attribute <paramref name="name"/> of <paramref name="path"/>; a missing file or attribute is fine.</summary>
    /// <exception cref="IOException">The file system refused it.</exception>
    public static void Remove(string path, string name)
    {
        if (removexattr(path, name) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is not (NoSuchAttribute or NoSuchFile))
            {
                throw new IOException($"cannot remove extended attribute '{name}' of '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int removexattr(string path, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setxattr(string path, string name, byte[] value, nuint size, int flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint getxattr(string path, string name, byte[] value, nuint size);
}
