using System.Text;
using Infra.GitOps.State;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

public class LineArenaTests
{
    [Test]
    public void Keep_ManyLinesAcrossChunks_EachReadsBackItsOwnBytes()
    {
        using var arena = new LineArena();
        Assert.That(arena.TryEnter(), Is.True);
        var random = new Random(11);
        var lines = new List<(byte[] Expected, ReadOnlyMemory<byte> Kept)>();

        // About 3 MB in lines of 1-4,000 bytes: several chunks, and lines that do not fit a chunk's rest.
        for (var i = 0; i < 1_500; i++)
        {
            var bytes = new byte[random.Next(1, 4_000)];
            random.NextBytes(bytes);
            lines.Add((bytes, arena.Keep(bytes)));
        }

        arena.Exit();
        Assert.Multiple(() =>
        {
            Assert.That(lines.All(l => l.Kept.Span.SequenceEqual(l.Expected)), Is.True);
            Assert.That(arena.Reserved, Is.GreaterThanOrEqualTo(3 * (long)LineArena.ChunkSize));
        });
    }

    [Test]
    public void Keep_LineLongerThanAChunk_GetsAChunkOfItsOwn()
    {
        using var arena = new LineArena();
        arena.TryEnter();
        var small = arena.Keep("first"u8);
        var huge = new byte[LineArena.ChunkSize + 17];
        huge.AsSpan().Fill((byte)'x');
        var kept = arena.Keep(huge);
        var after = arena.Keep("after"u8);
        arena.Exit();

        Assert.Multiple(() =>
        {
            Assert.That(kept.Length, Is.EqualTo(huge.Length));
            Assert.That(kept.Span.IndexOfAnyExcept((byte)'x'), Is.EqualTo(-1));
            Assert.That(Encoding.UTF8.GetString(small.Span), Is.EqualTo("first"));
            Assert.That(Encoding.UTF8.GetString(after.Span), Is.EqualTo("after"));
        });
    }

    [Test]
    public void Keep_TwoArenasInTurnOnOneThread_EachFillsOneChunk()
    {
        // Two journals (two stacks) served by the same thread: switching must not start a new chunk each time.
        using var first = new LineArena();
        using var second = new LineArena();
        first.TryEnter();
        second.TryEnter();
        var line = new byte[100];
        for (var i = 0; i < 2_000; i++)
        {
            first.Keep(line);
            second.Keep(line);
        }

        first.Exit();
        second.Exit();
        Assert.Multiple(() =>
        {
            Assert.That(first.Reserved, Is.EqualTo(LineArena.ChunkSize));
            Assert.That(second.Reserved, Is.EqualTo(LineArena.ChunkSize));
        });
    }

    [Test]
    public void TryEnter_AfterDispose_IsRefused()
    {
        var arena = new LineArena();
        arena.Dispose();

        Assert.That(arena.TryEnter(), Is.False);
    }

    [Test]
    public async Task Dispose_WhileAUserIsInside_WaitsUntilItLeaves()
    {
        // A user enters and exits on one thread (the arena marks each thread's own flag): a thread of its own here.
        var arena = new LineArena();
        using var entered = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        var kept = default(ReadOnlyMemory<byte>);
        var user = new Thread(() =>
        {
            if (arena.TryEnter())
            {
                kept = arena.Keep("still readable"u8);
                entered.Set();
                leave.Wait();
                arena.Exit();
            }
        });
        user.Start();
        Assert.That(entered.Wait(TimeSpan.FromSeconds(10)), Is.True, "the user could not enter");

        var disposing = Task.Run(arena.Dispose);
        await Task.Delay(50);
        Assert.That(disposing.IsCompleted, Is.False, "the memory was freed under a user");
        Assert.That(Encoding.UTF8.GetString(kept.Span), Is.EqualTo("still readable"));

        leave.Set();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(arena.TryEnter(), Is.False);
    }

    [Test]
    public void Dispose_WhileThreadsEnterAndLeave_WaitsForThemAndRefusesTheRest()
    {
        // Four threads keep entering, writing a line and leaving while the arena is disposed under them: disposing ends,
        // no line is written into freed memory (that would bring the test host down), and after it every entry is refused.
        var arena = new LineArena();
        using var go = new CountdownEvent(4);
        var refusedAfterDispose = new bool[4];
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            go.Signal();
            while (true)
            {
                if (!arena.TryEnter())
                {
                    refusedAfterDispose[i] = true;
                    return;
                }

                arena.Keep("a line of a journal, written by one of four threads"u8);
                arena.Exit();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        go.Wait();
        Thread.Sleep(20);

        arena.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(threads.All(t => t.Join(TimeSpan.FromSeconds(10))), Is.True, "a thread did not stop");
            Assert.That(refusedAfterDispose, Is.All.True);
            Assert.That(arena.TryEnter(), Is.False);
        });
    }

    [Test]
    public void Dispose_ChunksGoToTheProcessPool_WithinItsLimit()
    {
        // Five chunks' worth of lines; their chunks are all pooled on disposal (the limit is far above five).
        FillAndDispose(lineLength: 64 * 1024, total: 5L * LineArena.ChunkSize);

        Assert.That(LineArena.PooledBytes, Is.InRange(5L * LineArena.ChunkSize, LineArena.PoolLimit));
    }

    [Test]
    public void Dispose_FarMoreThanThePoolKeeps_PoolStaysWithinItsLimit()
    {
        FillAndDispose(lineLength: 256 * 1024, total: 2 * LineArena.PoolLimit);

        Assert.That(LineArena.PooledBytes, Is.EqualTo(LineArena.PoolLimit));
    }

    private static void FillAndDispose(int lineLength, long total)
    {
        using var arena = new LineArena();
        arena.TryEnter();
        var line = new byte[lineLength];
        for (var kept = 0L; kept < total; kept += lineLength)
        {
            arena.Keep(line);
        }

        arena.Exit();
    }
}
