namespace Infra.GitOps.State;

/// <summary>
/// Copies runs of bytes end to end into a buffer and hands the buffer's content to <see cref="Output"/> whenever the next
/// run does not fit; a run longer than the whole buffer goes out on its own, after what was buffered before it. The
/// output sees every byte once, in the order added. Not thread-safe.
/// </summary>
internal ref struct LineCopier(byte[] buffer, LineCopier.Output output)
{
    private int used;

    /// <summary>Where the bytes go (a file, for the journal's writer).</summary>
    public delegate void Output(ReadOnlySpan<byte> bytes);

    /// <summary>Adds one run (a journal line).</summary>
    public void Add(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > buffer.Length - used)
        {
            Flush();
            if (bytes.Length > buffer.Length)
            {
                output(bytes);
                return;
            }
        }

        bytes.CopyTo(buffer.AsSpan(used));
        used += bytes.Length;
    }

    /// <summary>Hands what is buffered to the output.</summary>
    public void Flush()
    {
        if (used > 0)
        {
            output(buffer.AsSpan(0, used));
            used = 0;
        }
    }
}
