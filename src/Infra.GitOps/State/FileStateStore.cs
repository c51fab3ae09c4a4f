using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Infra.GitOps.Secrets;
using Infra.GitOps.State.Serialization;

namespace Infra.GitOps.State;

/// <summary>
/// Stack state in a directory, laid out like Pulumi's file backend: <c>&lt;dir&gt;/.pulumi/stacks/&lt;project&gt;/&lt;stack&gt;.json</c>
/// (the checkpoint), <c>&lt;stack&gt;.journal</c> (the operation in progress, JSON lines), <c>&lt;stack&gt;.lock</c>
/// (the holder), and <c>&lt;dir&gt;/.pulumi/history/&lt;project&gt;/&lt;stack&gt;/&lt;stack&gt;-&lt;unix-ns&gt;.checkpoint.json</c>
/// (the last <see cref="HistoryLimit"/> checkpoints). Checkpoints are written atomically (a temporary file in the
/// same directory, flushed to disk, renamed over the old one; leftovers of an interrupted write are ignored).
/// Safe for concurrent use across stacks; a stack is changed only under its lock.
/// </summary>
public sealed class FileStateStore : IStateStore
{
    private const string FileScheme = "file://";

    private readonly string project;
    private readonly SecretsKeySource? keySource;
    private readonly TimeProvider timeProvider;
    private readonly string stacksDirectory;
    private readonly string historyDirectory;
    private readonly ConcurrentDictionary<string, StackCache> stacks = new(StringComparer.Ordinal);

    /// <summary>Creates a store for <paramref name="project"/> in the directory of <paramref name="backendUrl"/>.</summary>
    /// <param name="backendUrl"><c>file://&lt;dir&gt;</c>; a relative dir resolves against <paramref name="rootDirectory"/>.</param>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="project">The project name (<c>Pulumi.yaml</c>'s <c>name</c>).</param>
    /// <param name="keySource">Where the secrets key comes from; null when none is configured (stacks with secrets then fail clearly).</param>
    /// <param name="timeProvider">The clock for snapshot and history times.</param>
    /// <exception cref="ArgumentException">The URL is not <c>file://</c> or the project name is not a plain name.</exception>
    public FileStateStore(string backendUrl, string rootDirectory, string project, SecretsKeySource? keySource, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        CheckName(project, nameof(project));
        Directory = ResolveDirectory(backendUrl, rootDirectory);
        this.project = project;
        this.keySource = keySource;
        this.timeProvider = timeProvider;
        stacksDirectory = System.IO.Path.Combine(Directory, ".pulumi", "stacks", project);
        historyDirectory = System.IO.Path.Combine(Directory, ".pulumi", "history", project);
    }

    /// <summary>The backend directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>How many previous checkpoints each stack keeps.</summary>
    public int HistoryLimit { get; init; } = 10;

    /// <summary>
    /// The directory of a <c>file://</c> backend URL: <c>file:///abs</c> is absolute, <c>file://rel</c> and
    /// <c>file://./rel</c> resolve against <paramref name="rootDirectory"/>, <c>file://~/x</c> against the home directory.
    /// </summary>
    /// <exception cref="ArgumentException">Not a <c>file://</c> URL, or an empty path.</exception>
    public static string ResolveDirectory(string backendUrl, string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(backendUrl);
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        if (!backendUrl.StartsWith(FileScheme, StringComparison.OrdinalIgnoreCase) || backendUrl.Length == FileScheme.Length)
        {
            throw new ArgumentException($"'{backendUrl}' is not a file:// backend URL", nameof(backendUrl));
        }

        var path = Uri.UnescapeDataString(backendUrl[FileScheme.Length..]);
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'));
        }

        return System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(rootDirectory, path));
    }

    /// <inheritdoc />
    /// <exception cref="GitOpsException">The checkpoint or journal is malformed (naming file:line:column) or its secrets cannot be decrypted.</exception>
    public async Task<StackSnapshot?> LoadAsync(string stack, CancellationToken cancellationToken)
    {
        CheckName(stack, nameof(stack));
        var cache = stacks.GetOrAdd(stack, _ => new StackCache());
        var checkpoint = await ReadCheckpointAsync(stack, cancellationToken).ConfigureAwait(false);
        var journalPath = JournalPath(stack);
        var journalBytes = await ReadIfExistsAsync(journalPath, cancellationToken).ConfigureAwait(false);
        if (checkpoint is null && journalBytes is null)
        {
            cache.Settled = null;
            return null;
        }

        var crypter = checkpoint?.Crypter ?? await GetCrypterAsync(stack, cancellationToken).ConfigureAwait(false);
        var snapshot = checkpoint?.Snapshot ?? StackSnapshot.Empty;
        if (journalBytes is not null)
        {
            snapshot = StateJournal.Replay(snapshot, ReadJournal(journalBytes, journalPath, crypter));
        }

        // Only a snapshot that is exactly the file on disk lets the next operation skip rewriting its base.
        cache.Settled = journalBytes is null ? snapshot : null;
        return snapshot;
    }

    /// <inheritdoc />
    /// <exception cref="LockConflictException">Another holder has the lock.</exception>
    public async Task<IStackLock> AcquireLockAsync(string stack, LockOwner owner, CancellationToken cancellationToken)
    {
        CheckName(stack, nameof(stack));
        ArgumentNullException.ThrowIfNull(owner);
        System.IO.Directory.CreateDirectory(stacksDirectory);
        var path = LockPath(stack);
        var nonce = Guid.NewGuid().ToString("N");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch (IOException) when (File.Exists(path))
        {
            var holder = await ReadIfExistsAsync(path, cancellationToken).ConfigureAwait(false) is { } bytes
                ? LockRecordJson.TryRead(bytes)?.Owner
                : null;
            throw LockConflictException.ForHolder(stack, holder);
        }

        // Not synced: the lock excludes live processes (the exclusive create does that), and after a machine crash a
        // lock record that did not reach the disk is one stale lock fewer to break.
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(LockRecordJson.Write(owner, nonce), cancellationToken).ConfigureAwait(false);
        }

        return new FileStackLock(this, stack, owner, nonce, path);
    }

    /// <inheritdoc />
    public Task<bool> BreakLockAsync(string stack, CancellationToken cancellationToken)
    {
        CheckName(stack, nameof(stack));
        var path = LockPath(stack);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    /// <remarks>
    /// When <paramref name="baseSnapshot"/> is not exactly what is on disk (a replayed journal, a refreshed or new
    /// stack), it is first written as the checkpoint, so the new journal replays onto the right base: O(state) once per
    /// operation, never per step.
    /// </remarks>
    /// <exception cref="GitOpsException">The lock is released or was broken by someone else.</exception>
    public async Task<IStateJournal> BeginOperationAsync(IStackLock stackLock, StackSnapshot baseSnapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseSnapshot);
        var held = await CheckLockAsync(stackLock, cancellationToken).ConfigureAwait(false);
        var stack = held.Stack;
        var cache = stacks.GetOrAdd(stack, _ => new StackCache());
        var crypter = await GetCrypterAsync(stack, cancellationToken).ConfigureAwait(false);
        var journalPath = JournalPath(stack);
        DeleteLeftovers(stack);
        if (File.Exists(journalPath) || (!ReferenceEquals(cache.Settled, baseSnapshot) && !IsNothingToRecord(stack, baseSnapshot, crypter)))
        {
            await WriteCheckpointAsync(stack, baseSnapshot, crypter, keepHistory: false, cancellationToken).ConfigureAwait(false);
            File.Delete(journalPath);
            cache.Settled = baseSnapshot;
        }

        var handle = File.OpenHandle(journalPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        CheckpointStream? stream = null;
        try
        {
            // With no resources to start from, the checkpoint can be written as the steps succeed (see CheckpointStream).
            if (StreamCheckpoints && baseSnapshot.Resources.IsDefaultOrEmpty)
            {
                stream = new CheckpointStream(
                    System.IO.Path.Combine(stacksDirectory, $".{stack}.json.{Guid.NewGuid():N}{CheckpointStream.Suffix}"), QualifiedName(stack), crypter);
            }

            return new FileStateJournal(this, held, baseSnapshot, handle, crypter, timeProvider, stream);
        }
        catch
        {
            stream?.Dispose();
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True for a base that a journal replays onto as well without any checkpoint: a new stack (no checkpoint) with no
    /// resources, no pending operations and no secrets provider to record (no key source: nothing can be encrypted).
    /// Writing its empty checkpoint first would cost a file's creation and sync and record nothing.
    /// </summary>
    private bool IsNothingToRecord(string stack, StackSnapshot baseSnapshot, SecretsCrypter crypter) =>
        baseSnapshot.Resources.IsDefaultOrEmpty
        && baseSnapshot.PendingOperations.IsDefaultOrEmpty
        && crypter.State is null
        && !crypter.CanCrypt
        && !File.Exists(CheckpointPath(stack));

    /// <summary>
    /// Whether an operation on a stack with no resources yet writes its checkpoint while its steps succeed (see
    /// <see cref="CheckpointStream"/>) rather than all at its end. The files are the same.
    /// </summary>
    public bool StreamCheckpoints { get; init; } = true;

    /// <inheritdoc />
    /// <exception cref="GitOpsException">The lock is released or was broken, or a secret cannot be encrypted.</exception>
    public async Task SaveAsync(IStackLock stackLock, StackSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var held = await CheckLockAsync(stackLock, cancellationToken).ConfigureAwait(false);
        var crypter = await GetCrypterAsync(held.Stack, cancellationToken).ConfigureAwait(false);
        await WriteCheckpointAsync(held.Stack, snapshot, crypter, keepHistory: true, cancellationToken).ConfigureAwait(false);
        File.Delete(JournalPath(held.Stack));
        stacks.GetOrAdd(held.Stack, _ => new StackCache()).Settled = snapshot;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListStacksAsync(CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(stacksDirectory))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(stacksDirectory))
        {
            var name = System.IO.Path.GetFileName(file);
            if (!name.StartsWith('.') && (name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".journal", StringComparison.Ordinal)))
            {
                names.Add(System.IO.Path.GetFileNameWithoutExtension(name));
            }
        }

        return Task.FromResult<IReadOnlyList<string>>([.. names]);
    }

    /// <summary>The stack's previous checkpoints, newest first (<c>stack history</c>).</summary>
    public Task<ImmutableArray<StateHistoryEntry>> ListHistoryAsync(string stack, CancellationToken cancellationToken)
    {
        CheckName(stack, nameof(stack));
        return Task.FromResult(HistoryFiles(stack)
            .Select(h => new StateHistoryEntry(stack, h.Time, h.Path, new FileInfo(h.Path).Length))
            .ToImmutableArray());
    }

    /// <summary>Reads one previous checkpoint listed by <see cref="ListHistoryAsync"/>.</summary>
    /// <exception cref="GitOpsException">The file is malformed or its secrets cannot be decrypted.</exception>
    public async Task<StackSnapshot> LoadHistoryAsync(StateHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var bytes = await File.ReadAllBytesAsync(entry.Path, cancellationToken).ConfigureAwait(false);
        return CheckpointSerializer.Read(bytes, entry.Path, OpenCrypter).Snapshot;
    }

    /// <summary>
    /// For read-only uses (pull-request previews): with no key source, the state's secrets read as
    /// <see cref="Model.SecretValue.Placeholder"/> instead of failing. Writing a secret still needs the key.
    /// </summary>
    public bool SecretsOptional { get; init; }

    /// <summary>
    /// The crypter of <paramref name="stack"/>'s secrets (for <c>secure:</c> values in its stack file and for
    /// <c>stack export</c>). For a stack with no state yet, an empty checkpoint is written first so that the new
    /// random salt is kept (another process racing to do the same keeps the first one).
    /// </summary>
    /// <exception cref="GitOpsException">The checkpoint is malformed.</exception>
    public async Task<SecretsCrypter> OpenSecretsAsync(string stack, CancellationToken cancellationToken)
    {
        CheckName(stack, nameof(stack));
        var crypter = await GetCrypterAsync(stack, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(CheckpointPath(stack)))
        {
            await WriteCheckpointAsync(stack, StackSnapshot.Empty, crypter, keepHistory: false, cancellationToken, overwrite: false).ConfigureAwait(false);
            stacks.TryRemove(stack, out _);
            crypter = await GetCrypterAsync(stack, cancellationToken).ConfigureAwait(false);
        }

        return crypter;
    }

    /// <summary>
    /// The crypter of <paramref name="stack"/>'s existing secrets, or null when the stack has no state yet (its
    /// key does not exist yet). Unlike <see cref="OpenSecretsAsync"/>, writes nothing.
    /// </summary>
    /// <exception cref="GitOpsException">The checkpoint is malformed.</exception>
    public async Task<SecretsCrypter?> FindSecretsAsync(string stack, CancellationToken cancellationToken)
    {
        CheckName(stack, nameof(stack));
        return File.Exists(CheckpointPath(stack)) ? await GetCrypterAsync(stack, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Writes the stack's state in <c>stack export</c>'s format (secrets stay encrypted).</summary>
    /// <exception cref="GitOpsException">The stack has no state, or it is malformed.</exception>
    public async Task ExportAsync(string stack, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var snapshot = await LoadAsync(stack, cancellationToken).ConfigureAwait(false)
            ?? throw new GitOpsException($"stack '{stack}' has no state");
        var crypter = await GetCrypterAsync(stack, cancellationToken).ConfigureAwait(false);
        CheckpointSerializer.WriteDeployment(output, snapshot, crypter);
    }

    /// <summary>The journal's completion: the checkpoint (with history), then the journal removed.</summary>
    internal async Task CommitOperationAsync(
        FileStackLock stackLock,
        StackSnapshot snapshot,
        SecretsCrypter crypter,
        Func<ResourceState, SerializedResource> serialized,
        CheckpointStream? stream,
        Func<Task> closeJournal,
        CancellationToken cancellationToken)
    {
        await CheckLockAsync(stackLock, cancellationToken).ConfigureAwait(false);
        if (stream?.TryFinish(snapshot, crypter) is { } streamed)
        {
            PublishCheckpoint(stackLock.Stack, streamed, keepHistory: true);
        }
        else
        {
            await WriteCheckpointAsync(stackLock.Stack, snapshot, crypter, keepHistory: true, cancellationToken, serialized: serialized).ConfigureAwait(false);
        }

        // The checkpoint now holds every entry: only then may the journal go.
        await closeJournal().ConfigureAwait(false);
        RetireJournal(stackLock.Stack);
        stacks.GetOrAdd(stackLock.Stack, _ => new StackCache()).Settled = snapshot;
    }

    /// <summary>
    /// Takes a compacted journal out of the way at once (a rename) and deletes it in the background: unlinking a
    /// journal of ten thousand steps takes milliseconds the operation need not wait for. A leftover (the process
    /// ended first) has a name that nothing reads, and the stack's next operation deletes it.
    /// </summary>
    private void RetireJournal(string stack)
    {
        var retired = System.IO.Path.Combine(stacksDirectory, $".{stack}.journal.{Guid.NewGuid():N}.retired");
        try
        {
            File.Move(JournalPath(stack), retired);
        }
        catch (FileNotFoundException)
        {
            return;
        }

        _ = Task.Run(() => DeleteQuietly(retired), CancellationToken.None);
    }

    /// <summary>Deletes what earlier operations on the stack left behind: retired journals, unfinished streamed checkpoints.</summary>
    private void DeleteLeftovers(string stack)
    {
        foreach (var retired in System.IO.Directory.EnumerateFiles(stacksDirectory, $".{stack}.journal.*.retired"))
        {
            DeleteQuietly(retired);
        }

        foreach (var streamed in System.IO.Directory.EnumerateFiles(stacksDirectory, $".{stack}.json.*{CheckpointStream.Suffix}"))
        {
            DeleteQuietly(streamed);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A retired journal is garbage whatever happens to it; the next operation tries again.
        }
    }

    private static void CheckName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        if (name.StartsWith('.') || name.IndexOfAny(['/', '\\', ':', '\0']) >= 0 || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{name}' is not a valid {parameter} name", parameter);
        }
    }

    private static async Task<byte[]?> ReadIfExistsAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static List<JournalEntry> ReadJournal(byte[] bytes, string path, SecretsCrypter crypter)
    {
        var context = new StateReadContext(crypter);
        var entries = new List<JournalEntry>();

        // The resources of steps begun and not yet ended: a succeed line that records only a new id and outputs
        // completes its begin's resource.
        var begun = new Dictionary<StepKey, ResourceState>();
        var rest = bytes.AsSpan();
        var offset = 0;
        var lineNumber = 0;
        while (rest.Length > 0)
        {
            lineNumber++;
            var newline = rest.IndexOf((byte)'\n');
            var complete = newline >= 0;
            var line = complete ? rest[..newline] : rest;
            try
            {
                if (!line.Trim((byte)'\r').IsEmpty)
                {
                    entries.Add(Resolve(JournalLineSerializer.Read(line, context), begun));
                }
            }
            catch (Exception exception) when (!complete && exception is System.Text.Json.JsonException or CheckpointFormatException)
            {
                // A last line without its newline is a write the crash interrupted: it was never acknowledged.
                break;
            }
            catch (System.Text.Json.JsonException exception)
            {
                throw new GitOpsException(
                    $"{path}:{lineNumber}:{(exception.BytePositionInLine ?? 0) + 1}: malformed journal entry", exception);
            }
            catch (CheckpointFormatException exception)
            {
                throw new GitOpsException(
                    $"{path}:{lineNumber}:{exception.Offset + 1}: invalid journal entry: {exception.Message}", exception);
            }
            catch (GitOpsException exception)
            {
                throw new GitOpsException($"{path}:{lineNumber}: {exception.Message}", exception);
            }

            if (!complete)
            {
                break;
            }

            offset += newline + 1;
            rest = bytes.AsSpan(offset);
        }

        return entries;
    }

    /// <summary>Completes a succeed line that recorded only a new id and outputs with its begin's resource.</summary>
    /// <exception cref="CheckpointFormatException">No step with that key was begun before it.</exception>
    private static JournalEntry Resolve(JournalEntry entry, Dictionary<StepKey, ResourceState> begun)
    {
        switch (entry)
        {
            case StepBegun step:
                begun[step.Step] = step.Operation.Resource;
                return entry;
            case StepSucceededAsBegun ended:
                return begun.Remove(ended.Step, out var resource)
                    ? new StepSucceeded(ended.Step, resource with { Id = ended.Id, Outputs = ended.Outputs })
                    : throw new CheckpointFormatException("a step's end that records only its id and outputs follows no begin of that step", 0);
            default:
                begun.Remove(entry.Step);
                return entry;
        }
    }

    private SecretsCrypter OpenCrypter(SecretsProviderState? state) =>
        keySource?.Open(state) ?? (SecretsOptional ? SecretsCrypter.Opaque(state) : SecretsCrypter.WithoutKey(state));

    private async Task<LoadedCheckpoint?> ReadCheckpointAsync(string stack, CancellationToken cancellationToken)
    {
        var path = CheckpointPath(stack);
        var bytes = await ReadIfExistsAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        var loaded = CheckpointSerializer.Read(bytes, path, OpenCrypter);
        stacks.GetOrAdd(stack, _ => new StackCache()).Crypter = loaded.Crypter;
        return loaded;
    }

    private async Task<SecretsCrypter> GetCrypterAsync(string stack, CancellationToken cancellationToken)
    {
        var cache = stacks.GetOrAdd(stack, _ => new StackCache());
        if (cache.Crypter is { } known)
        {
            return known;
        }

        // Only the secrets provider is read: the resources of a large stack would cost a full parse for nothing.
        var path = CheckpointPath(stack);
        var bytes = await ReadIfExistsAsync(path, cancellationToken).ConfigureAwait(false);
        return cache.Crypter = bytes is null ? OpenCrypter(null) : CheckpointSerializer.ReadCrypter(bytes, path, OpenCrypter);
    }

    private async Task<FileStackLock> CheckLockAsync(IStackLock stackLock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stackLock);
        if (stackLock is not FileStackLock held || !ReferenceEquals(held.Store, this))
        {
            throw new ArgumentException("the lock was not taken from this store", nameof(stackLock));
        }

        if (!await held.IsStillHeldAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new GitOpsException(
                $"the lock on stack '{held.Stack}' is no longer held (released, or broken with `infra-gitops stack unlock`); take it again");
        }

        return held;
    }

    private async Task WriteCheckpointAsync(
        string stack,
        StackSnapshot snapshot,
        SecretsCrypter crypter,
        bool keepHistory,
        CancellationToken cancellationToken,
        bool overwrite = true,
        Func<ResourceState, SerializedResource>? serialized = null)
    {
        System.IO.Directory.CreateDirectory(stacksDirectory);
        var path = CheckpointPath(stack);
        var temp = System.IO.Path.Combine(stacksDirectory, $".{stack}.json.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
            await using (stream.ConfigureAwait(false))
            {
                CheckpointSerializer.WriteCheckpointFile(stream, QualifiedName(stack), snapshot, crypter, serialized);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (!overwrite && File.Exists(path))
            {
                return;
            }

            PublishCheckpoint(stack, temp, keepHistory, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            // Another process created the checkpoint first: keep theirs.
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Renames a written and synced temporary file over the stack's checkpoint; keeps a history entry of it.</summary>
    private void PublishCheckpoint(string stack, string temp, bool keepHistory, bool overwrite = true)
    {
        var path = CheckpointPath(stack);
        File.Move(temp, path, overwrite);
        if (keepHistory && HistoryLimit > 0)
        {
            WriteHistory(stack, path);
        }
    }

    private string QualifiedName(string stack) => $"organization/{project}/{stack}";

    private void WriteHistory(string stack, string checkpointPath)
    {
        var directory = System.IO.Path.Combine(historyDirectory, stack);
        System.IO.Directory.CreateDirectory(directory);

        // Pulumi names backups by Unix nanoseconds; bump on a collision (a frozen test clock, or two in one tick).
        var nanoseconds = (timeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        string path;
        while (File.Exists(path = System.IO.Path.Combine(directory, HistoryName(stack, nanoseconds))))
        {
            nanoseconds++;
        }

        var temp = System.IO.Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            if (!HardLink.TryCreate(checkpointPath, temp))
            {
                File.Copy(checkpointPath, temp);
            }

            File.Move(temp, path);
        }
        finally
        {
            File.Delete(temp);
        }

        foreach (var stale in HistoryFiles(stack).Skip(HistoryLimit))
        {
            File.Delete(stale.Path);
        }
    }

    private static string HistoryName(string stack, long nanoseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{stack}-{nanoseconds}.checkpoint.json");

    private IEnumerable<(DateTimeOffset Time, long Nanoseconds, string Path)> HistoryFiles(string stack)
    {
        var directory = System.IO.Path.Combine(historyDirectory, stack);
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }

        const string Suffix = ".checkpoint.json";
        var prefix = stack + "-";
        var files = new List<(DateTimeOffset, long, string)>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*" + Suffix))
        {
            var name = System.IO.Path.GetFileName(file);
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(prefix.Length, name.Length - prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
            {
                files.Add((DateTimeOffset.UnixEpoch.AddTicks(ns / 100), ns, file));
            }
        }

        return files.OrderByDescending(f => f.Item2);
    }

    private string CheckpointPath(string stack) => System.IO.Path.Combine(stacksDirectory, stack + ".json");

    private string JournalPath(string stack) => System.IO.Path.Combine(stacksDirectory, stack + ".journal");

    private string LockPath(string stack) => System.IO.Path.Combine(stacksDirectory, stack + ".lock");

    /// <summary>Per-stack memory: the secrets crypter (keeps its salt and derived key) and the snapshot known to be on disk.</summary>
    private sealed class StackCache
    {
        public SecretsCrypter? Crypter { get; set; }

        public StackSnapshot? Settled { get; set; }
    }
}
