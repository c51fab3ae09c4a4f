using System.Buffers;
using System.Runtime.InteropServices;

namespace Infra.GitOps.State;

/// <summary>
/// Storage for a journal's lines outside the garbage-collected heap, freed all at once when the journal closes.
/// <para>
/// The lines of ten thousand steps are about 10 MB that live until the checkpoint copies them. On the heap, as large
/// arrays, they count against the large-object budget and bring full blocking collections in the middle of an
/// operation (each marks everything the operation holds: 50 to 140 ms measured for 10,000 steps); as small arrays they
/// would be copied by every young collection instead. Native memory costs the collector nothing.
/// </para>
/// <para>
/// Chunks go back to a process-wide pool (at most <see cref="PoolLimit"/> bytes) when an arena is disposed, and the next
/// journal reuses them: touching fresh memory costs a page fault per 4 KiB, which on a virtual machine costs more than
/// writing the line (fresh chunks made an up of 10,000 steps 80 to 100 ms slower than pooled ones). A service that runs
/// operation after operation, like the reconciler, keeps its chunks warm.
/// </para>
/// <para>
/// Every use is bracketed by <see cref="TryEnter"/> and <see cref="Exit"/>; <see cref="Dispose"/> refuses new users, waits
/// for the current ones to leave and only then frees. The memory handed out must not be used after disposal (the
/// journal drops every reference to it first).
/// </para>
/// </summary>
internal sealed class LineArena : IDisposable
{
    /// <summary>The size of a chunk; a longer line gets a chunk of its own length.</summary>
    internal const int ChunkSize = 1024 * 1024;

    /// <summary>The most pooled chunk bytes the process keeps between journals.</summary>
    internal const long PoolLimit = 64L * 1024 * 1024;

    private static readonly Stack<NativeChunk> Pool = new();
    private static long pooledBytes;

    private readonly object gate = new();
    private readonly List<NativeChunk> chunks = [];

    // The chunk each thread fills in this arena (per arena: a thread serving two journals in turn keeps both chunks),
    // and whether the thread is inside. Tracked, so that disposing can wait for every thread to leave.
    private readonly ThreadLocal<Cursor> cursors = new(() => new Cursor(), trackAllValues: true);
    private int disposed;

    /// <summary>Bytes of native memory held (for tests).</summary>
    internal long Reserved
    {
        get
        {
            lock (gate)
            {
                return chunks.Sum(c => (long)c.Length);
            }
        }
    }

    /// <summary>
    /// Registers the calling thread as a user; false once the arena is disposed (nothing of it may be read or written
    /// then). Each thread marks a flag of its own rather than counting in one shared field: two threads recording steps
    /// at once bounced that field's cache line between the cores four times per step. Not re-entrant: a thread enters
    /// once, then exits.
    /// </summary>
    public bool TryEnter()
    {
        Cursor cursor;
        try
        {
            cursor = cursors.Value!;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        // Set the flag, then look at disposed (a full fence between): either this thread sees the arena disposed, or
        // Dispose, which sets disposed and then looks at every flag, sees this one and waits.
        Interlocked.Exchange(ref cursor.Inside, 1);
        if (Volatile.Read(ref disposed) == 0)
        {
            return true;
        }

        Volatile.Write(ref cursor.Inside, 0);
        return false;
    }

    /// <summary>Ends a use that <see cref="TryEnter"/> began on this thread.</summary>
    public void Exit() => Volatile.Write(ref cursors.Value!.Inside, 0);

    /// <summary>
    /// Copies <paramref name="bytes"/> into the arena (the caller has entered it). Each thread fills a chunk of its own,
    /// so copying takes no lock; only taking a new chunk does.
    /// </summary>
    public ReadOnlyMemory<byte> Keep(ReadOnlySpan<byte> bytes)
    {
        var cursor = cursors.Value!;
        if (cursor.Chunk is null || cursor.Chunk.Length - cursor.Used < bytes.Length)
        {
            cursor.Chunk = Take(bytes.Length);
            cursor.Used = 0;
        }

        bytes.CopyTo(cursor.Chunk.GetSpan().Slice(cursor.Used));
        var kept = cursor.Chunk.Memory.Slice(cursor.Used, bytes.Length);
        cursor.Used += bytes.Length;
        return kept;
    }

    private NativeChunk Take(int length)
    {
        var chunk = length <= ChunkSize ? Rent() : new NativeChunk(length);
        lock (gate)
        {
            chunks.Add(chunk);
        }

        return chunk;
    }

    /// <summary>Refuses new users, waits for those inside to leave, and frees every chunk (idempotent).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        foreach (var cursor in cursors.Values)
        {
            var wait = default(SpinWait);
            while (Volatile.Read(ref cursor.Inside) != 0)
            {
                wait.SpinOnce();
            }
        }

        cursors.Dispose();
        lock (gate)
        {
            foreach (var chunk in chunks)
            {
                Return(chunk);
            }

            chunks.Clear();
        }
    }

    /// <summary>Bytes the process-wide pool holds (for tests).</summary>
    internal static long PooledBytes
    {
        get
        {
            lock (Pool)
            {
                return pooledBytes;
            }
        }
    }

    private static NativeChunk Rent()
    {
        lock (Pool)
        {
            if (Pool.TryPop(out var chunk))
            {
                pooledBytes -= chunk.Length;
                return chunk;
            }
        }

        return new NativeChunk(ChunkSize);
    }

    private static void Return(NativeChunk chunk)
    {
        lock (Pool)
        {
            if (chunk.Length == ChunkSize && pooledBytes + chunk.Length <= PoolLimit)
            {
                Pool.Push(chunk);
                pooledBytes += chunk.Length;
                return;
            }
        }

        ((IDisposable)chunk).Dispose();
    }

    /// <summary>Where a thread writes next in this arena, and whether it is inside (1) or not (0).</summary>
    private sealed class Cursor
    {
        public int Inside;

        public NativeChunk? Chunk { get; set; }

        public int Used { get; set; }
    }

    /// <summary>One block of native memory seen as <see cref="Memory{T}"/>; freed once, by the arena.</summary>
    private sealed unsafe class NativeChunk : MemoryManager<byte>
    {
        private byte* pointer;

        public NativeChunk(int length)
        {
            Length = length;
            pointer = (byte*)NativeMemory.Alloc((nuint)length);
        }

        public int Length { get; }

        public override Span<byte> GetSpan()
        {
            ObjectDisposedException.ThrowIf(pointer is null, this);
            return new Span<byte>(pointer, Length);
        }

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            ObjectDisposedException.ThrowIf(pointer is null, this);
            ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, Length);
            return new MemoryHandle(pointer + elementIndex);
        }

        public override void Unpin()
        {
            // Native memory never moves.
        }

        protected override void Dispose(bool disposing)
        {
            if (pointer is not null)
            {
                NativeMemory.Free(pointer);
                pointer = null;
            }
        }
    }
}
