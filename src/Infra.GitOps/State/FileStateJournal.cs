using System.Buffers;
using Infra.GitOps.Secrets;
using Infra.GitOps.State.Serialization;

namespace Infra.GitOps.State;

/// <summary>
/// A journal in <c>&lt;stack&gt;.journal</c>: each entry is one JSON line written with a single write on a
/// write-through stream, so it is on disk when the call returns and costs O(size of the entry), never O(size of
/// the state). A crash mid-write leaves at most a torn last line, which replay ignores.
/// </summary>
internal sealed class FileStateJournal : StateJournal
{
    private readonly FileStateStore store;
    private readonly FileStackLock stackLock;
    private readonly FileStream stream;
    private readonly SecretsCrypter crypter;
    private readonly ArrayBufferWriter<byte> buffer = new(4096);

    public FileStateJournal(
        FileStateStore store, FileStackLock stackLock, StackSnapshot baseSnapshot, FileStream stream, SecretsCrypter crypter, TimeProvider timeProvider)
        : base(baseSnapshot, timeProvider)
    {
        this.store = store;
        this.stackLock = stackLock;
        this.stream = stream;
        this.crypter = crypter;
    }

    protected override async Task AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        JournalLineSerializer.Write(buffer, entry, crypter);

        // Not cancellable once started: a half-written line is a torn entry; a whole one is a recorded step.
        await stream.WriteAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
        if (buffer.WrittenCount > 4 * 1024 * 1024)
        {
            buffer.Clear();
        }
    }

    protected override async Task CommitAsync(StackSnapshot snapshot, CancellationToken cancellationToken)
    {
        await store.CommitOperationAsync(stackLock, snapshot, crypter, stream, cancellationToken).ConfigureAwait(false);
    }

    protected override ValueTask CloseAsync() => stream.DisposeAsync();
}
