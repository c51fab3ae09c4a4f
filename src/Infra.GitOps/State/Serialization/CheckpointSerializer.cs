using System.Buffers;
using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;

namespace Infra.GitOps.State.Serialization;

/// <summary>
/// Reads and writes stack state in Pulumi's formats: the file backend's checkpoint
/// <c>{"version":3,"checkpoint":{"stack","config","latest":DeploymentV3}}</c> and <c>pulumi stack export</c>'s
/// <c>{"version":3,"deployment":DeploymentV3}</c>. Secrets are written only as Pulumi secret envelopes with a
/// <c>v1:</c> ciphertext; unknowns as Pulumi's sentinel string. Fields Pulumi omits when default are omitted.
/// Thread-safe (stateless).
/// </summary>
public static class CheckpointSerializer
{
    private const int FlushThreshold = 64 * 1024;

    /// <summary>How much of the file form's document is buffered before it is written to the file.</summary>
    private const int FileChunk = 1024 * 1024;

    /// <summary>The tool version written into <c>manifest.version</c>.</summary>
    public static string ToolVersion { get; } =
        "infra-gitops " + (typeof(CheckpointSerializer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    private static readonly string Magic = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToolVersion)));

    /// <summary>
    /// Writes the file backend checkpoint for <paramref name="stack"/> (its qualified name, e.g.
    /// <c>organization/lab/dev</c>) to <paramref name="output"/> (not closed).
    /// </summary>
    /// <exception cref="GitOpsException">A secret needs a key that is missing or wrong, or a value cannot be stored (an unresolved reference).</exception>
    public static void WriteCheckpoint(Stream output, string stack, StackSnapshot snapshot, SecretsCrypter crypter, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(crypter);
        WriteCheckpointDocument(output, stack, snapshot, crypter, indented, serialized: null);
    }

    /// <summary>
    /// The file backend's checkpoint as <see cref="FileStateStore"/> writes it: indented, one resource per line
    /// (compact JSON), so that a checkpoint of ten thousand resources stays half the size and diffs resource by
    /// resource. A resource whose compact JSON <paramref name="serialized"/> already has (the journal wrote it) is
    /// copied, not serialized again.
    /// </summary>
    /// <exception cref="GitOpsException">As <see cref="WriteCheckpoint"/>.</exception>
    internal static void WriteCheckpointFile(
        Stream output, string stack, StackSnapshot snapshot, SecretsCrypter crypter, Func<ResourceState, SerializedResource>? serialized)
    {
        // The document goes through one buffer, written to the stream a chunk at a time: each resource's JSON is
        // copied once on its way to the file (not into a line, then the writer's buffer, then the stream's).
        var buffer = new ArrayBufferWriter<byte>(FileChunk + (64 * 1024));
        using var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: true));
        WriteCheckpointDocument(writer, stack, snapshot, crypter, new ResourceLines(buffer, output, serialized ?? (_ => default)));
        writer.Flush();
        output.Write(buffer.WrittenSpan);
    }

    /// <summary>
    /// The file form of a checkpoint whose resource lines were written elsewhere (<see cref="State.CheckpointStream"/>):
    /// the bytes before the first resource line (<see cref="StreamedCheckpointParts.Header"/>), the bytes after the
    /// last one (<see cref="StreamedCheckpointParts.Tail"/>), and what goes before each resource line. Header, the
    /// lines and tail together are the bytes <see cref="WriteCheckpointFile"/> writes for <paramref name="snapshot"/>.
    /// The header's length depends only on the stack and the secrets provider (the manifest's time has a fixed width).
    /// </summary>
    /// <param name="stack">The stack's qualified name.</param>
    /// <param name="snapshot">The state; its resources are not read, only how many there are.</param>
    /// <param name="crypter">The stack's crypter (its provider state goes into the header).</param>
    /// <exception cref="GitOpsException">A pending operation's secret needs a key that is missing or wrong.</exception>
    internal static StreamedCheckpointParts WriteAroundResourceLines(string stack, StackSnapshot snapshot, SecretsCrypter crypter)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var lines = new ResourceLines(buffer, Stream.Null, _ => default) { Streamed = true };
        using (var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: true)))
        {
            WriteCheckpointDocument(writer, stack, snapshot, crypter, lines);
            writer.Flush();
        }

        var bytes = buffer.WrittenMemory;
        return new StreamedCheckpointParts(bytes[..lines.HeaderLength], bytes[lines.HeaderLength..], lines.Indent);
    }

    private static void WriteCheckpointDocument(
        Stream output, string stack, StackSnapshot snapshot, SecretsCrypter crypter, bool indented, Func<ResourceState, SerializedResource>? serialized)
    {
        using var writer = new Utf8JsonWriter(output, StateJson.WriterOptions(indented));
        WriteCheckpointDocument(writer, stack, snapshot, crypter, lines: null);
    }

    private static void WriteCheckpointDocument(Utf8JsonWriter writer, string stack, StackSnapshot snapshot, SecretsCrypter crypter, ResourceLines? lines)
    {
        writer.WriteStartObject();
        writer.WriteNumber(StateJson.Names.Version, StateJson.DeploymentVersion);
        writer.WriteStartObject(StateJson.Names.Checkpoint);
        writer.WriteString(StateJson.Names.Stack, stack);
        writer.WriteStartObject(StateJson.Names.Config);
        writer.WriteEndObject();
        writer.WritePropertyName(StateJson.Names.Latest);
        WriteDeploymentBody(writer, snapshot, crypter, lines);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>stack export</c>'s format <c>{"version":3,"deployment":{...}}</c> to <paramref name="output"/> (not closed).</summary>
    /// <exception cref="GitOpsException">As <see cref="WriteCheckpoint"/>.</exception>
    public static void WriteDeployment(Stream output, StackSnapshot snapshot, SecretsCrypter crypter, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(crypter);
        using var writer = new Utf8JsonWriter(output, StateJson.WriterOptions(indented));
        writer.WriteStartObject();
        writer.WriteNumber(StateJson.Names.Version, StateJson.DeploymentVersion);
        writer.WritePropertyName(StateJson.Names.Deployment);
        WriteDeploymentBody(writer, snapshot, crypter, lines: null);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a checkpoint or an export (told apart by their <c>checkpoint</c>/<c>deployment</c> key). Secrets are
    /// decrypted with the crypter <paramref name="openCrypter"/> returns for the document's secrets provider (called
    /// once, with null when the document has none). A <c>latest</c> of null (a stack with no deployment) gives
    /// <see cref="StackSnapshot.Empty"/>.
    /// </summary>
    /// <param name="utf8Json">The whole document.</param>
    /// <param name="path">The file's path, named in errors.</param>
    /// <param name="openCrypter">Opens a crypter for the document's secrets provider state.</param>
    /// <exception cref="GitOpsException">
    /// The document is malformed, truncated, of the wrong shape or version (the message is
    /// <c>path:line:column: reason</c>), or a secret cannot be decrypted.
    /// </exception>
    public static LoadedCheckpoint Read(ReadOnlySpan<byte> utf8Json, string path, Func<SecretsProviderState?, SecretsCrypter> openCrypter) =>
        Read(utf8Json, path, new StateReadContext(openCrypter ?? throw new ArgumentNullException(nameof(openCrypter))));

    /// <summary>
    /// Opens the crypter of a checkpoint's secrets provider without reading its resources (they are skipped as JSON
    /// tokens, and their secrets are not decrypted): what compiling a stack's <c>secure:</c> values needs.
    /// </summary>
    /// <exception cref="GitOpsException">As <see cref="Read(ReadOnlySpan{byte}, string, Func{SecretsProviderState?, SecretsCrypter})"/>, for the parts read.</exception>
    internal static SecretsCrypter ReadCrypter(ReadOnlySpan<byte> utf8Json, string path, Func<SecretsProviderState?, SecretsCrypter> openCrypter) =>
        Read(utf8Json, path, new StateReadContext(openCrypter) { SecretsOnly = true }).Crypter;

    private static LoadedCheckpoint Read(ReadOnlySpan<byte> utf8Json, string path, StateReadContext context)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
            var (stack, snapshot) = ReadDocument(ref reader, context);
            return new LoadedCheckpoint(stack, snapshot, context.Crypter);
        }
        catch (JsonException exception)
        {
            var reason = exception.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = cut > 0 ? reason[..cut].TrimEnd() : reason;
            throw new GitOpsException(
                $"{path}:{(exception.LineNumber ?? 0) + 1}:{(exception.BytePositionInLine ?? 0) + 1}: malformed state checkpoint: {reason}",
                exception);
        }
        catch (CheckpointFormatException exception)
        {
            var (line, column) = Position(utf8Json, exception.Offset);
            throw new GitOpsException($"{path}:{line}:{column}: invalid state checkpoint: {exception.Message}", exception);
        }
        catch (GitOpsException exception)
        {
            throw new GitOpsException($"{path}: {exception.Message}", exception);
        }
    }

    /// <summary>The 1-based line and column (in bytes) of <paramref name="offset"/>.</summary>
    internal static (int Line, long Column) Position(ReadOnlySpan<byte> text, long offset)
    {
        var prefix = text[..(int)Math.Clamp(offset, 0, text.Length)];
        var line = prefix.Count((byte)'\n') + 1;
        var lastNewline = prefix.LastIndexOf((byte)'\n');
        return (line, prefix.Length - lastNewline);
    }

    /// <param name="writer">The document's writer.</param>
    /// <param name="snapshot">The deployment.</param>
    /// <param name="crypter">Encrypts secrets.</param>
    /// <param name="lines">When set, resources are written one per line (compact), copied from its JSON where it has them.</param>
    private static void WriteDeploymentBody(Utf8JsonWriter writer, StackSnapshot snapshot, SecretsCrypter crypter, ResourceLines? lines)
    {
        var serialized = lines?.Serialized;
        // A resource the journal serialized already had its secrets encrypted with this crypter (its key is ready), and so
        // had streamed ones.
        if ((lines is not { Streamed: true } && snapshot.Resources.Any(r => (serialized is null || serialized(r).IsEmpty) && (r.Inputs.ContainsSecret || r.Outputs.ContainsSecret)))
            || snapshot.PendingOperations.Any(p => p.Resource.Inputs.ContainsSecret || p.Resource.Outputs.ContainsSecret))
        {
            // Derive (and verify) the key before writing secrets_providers, so the recorded check value is current.
            crypter.EnsureKeyReady();
        }

        writer.WriteStartObject();
        writer.WriteStartObject(StateJson.Names.Manifest);
        // Always seven fractional digits (the round-trip form): the header's length does not depend on the time, so that a
        // checkpoint streamed while the operation runs can have its time written last, in place.
        Span<byte> time = stackalloc byte[40];
        snapshot.Time.UtcDateTime.TryFormat(time, out var timeLength, "O", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteString(StateJson.Names.Time, time[..timeLength]);
        writer.WriteString(StateJson.Names.Magic, Magic);
        writer.WriteString(StateJson.Names.Version, ToolVersion);
        writer.WriteEndObject();
        if (crypter.State is { } secretsProvider)
        {
            StateJson.WriteSecretsProvider(writer, secretsProvider);
        }

        writer.WriteStartArray(StateJson.Names.Resources);
        if (lines is not null)
        {
            WriteResourceLines(writer, snapshot, crypter, lines);
        }
        else
        {
            foreach (var resource in snapshot.Resources)
            {
                StateJson.WriteResource(writer, resource, crypter);
                if (writer.BytesPending > FlushThreshold)
                {
                    writer.Flush();
                }
            }
        }

        writer.WriteEndArray();
        if (!snapshot.PendingOperations.IsDefaultOrEmpty)
        {
            writer.WriteStartArray(StateJson.Names.PendingOperations);
            foreach (var operation in snapshot.PendingOperations)
            {
                StateJson.WritePendingOperation(writer, operation, crypter);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject(StateJson.Names.Metadata);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the elements of the resources array the writer has just opened, past the writer, into the buffer it writes
    /// to: each a new line, the indentation and the resource's compact JSON, comma-separated, and the closing line's
    /// indentation (the writer, which saw an empty array, then writes the bracket): the bytes the writer would write.
    /// </summary>
    private static void WriteResourceLines(Utf8JsonWriter writer, StackSnapshot snapshot, SecretsCrypter crypter, ResourceLines lines)
    {
        writer.Flush();
        var buffer = lines.Buffer;
        var indent = writer.CurrentDepth * writer.Options.IndentSize;
        lines.HeaderLength = buffer.WrittenCount;
        lines.Indent = indent;
        Span<byte> prefix = stackalloc byte[2 + indent];
        prefix.Fill((byte)' ');
        prefix[0] = (byte)',';
        prefix[1] = (byte)'\n';
        if (lines.Streamed)
        {
            // The lines are in the file already: only the closing line's indentation is left.
            if (!snapshot.Resources.IsDefaultOrEmpty)
            {
                buffer.Write(prefix[1..^writer.Options.IndentSize]);
            }

            return;
        }

        using var compact = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: false));
        var first = true;
        foreach (var resource in snapshot.Resources)
        {
            buffer.Write(first ? prefix[1..] : prefix);
            first = false;
            var json = lines.Serialized(resource);
            if (json.IsEmpty)
            {
                compact.Reset(buffer);
                StateJson.WriteResource(compact, resource, crypter);
                compact.Flush();
            }
            else
            {
                json.WriteTo(buffer);
            }

            if (buffer.WrittenCount >= FileChunk)
            {
                lines.Output.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        if (!first)
        {
            buffer.Write(prefix[1..^writer.Options.IndentSize]);
        }
    }

    /// <summary>
    /// Where the file form writes its resource lines: the writer's buffer, the stream it goes to, the JSON at hand; or,
    /// when <see cref="Streamed"/>, nowhere (they were written elsewhere). Notes where in the buffer the lines start
    /// and their indentation.
    /// </summary>
    private sealed record ResourceLines(ArrayBufferWriter<byte> Buffer, Stream Output, Func<ResourceState, SerializedResource> Serialized)
    {
        public bool Streamed { get; init; }

        public int HeaderLength { get; set; }

        public int Indent { get; set; }
    }

    private static (string? Stack, StackSnapshot Snapshot) ReadDocument(ref Utf8JsonReader reader, StateReadContext context)
    {
        StateJson.Next(ref reader);
        StateJson.ExpectToken(ref reader, JsonTokenType.StartObject, "an object");
        string? stack = null;
        StackSnapshot? snapshot = null;
        var sawBody = false;
        while (StateJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("version"u8))
            {
                StateJson.Next(ref reader);
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version) || version != StateJson.DeploymentVersion)
                {
                    throw new CheckpointFormatException($"unsupported version (expected {StateJson.DeploymentVersion})", reader.TokenStartIndex);
                }
            }
            else if (reader.ValueTextEquals("checkpoint"u8))
            {
                StateJson.Next(ref reader);
                sawBody = true;
                (stack, snapshot) = ReadCheckpointBody(ref reader, context);
            }
            else if (reader.ValueTextEquals("deployment"u8))
            {
                StateJson.Next(ref reader);
                sawBody = true;
                snapshot = ReadDeploymentBody(ref reader, context);
            }
            else
            {
                StateJson.SkipValue(ref reader);
            }
        }

        if (reader.Read())
        {
            throw new CheckpointFormatException("unexpected content after the document", reader.TokenStartIndex);
        }

        if (!sawBody)
        {
            throw new CheckpointFormatException("neither 'checkpoint' nor 'deployment' found", 0);
        }

        return (stack, snapshot ?? StackSnapshot.Empty);
    }

    private static (string? Stack, StackSnapshot? Snapshot) ReadCheckpointBody(ref Utf8JsonReader reader, StateReadContext context)
    {
        StateJson.ExpectToken(ref reader, JsonTokenType.StartObject, "the checkpoint object");
        string? stack = null;
        StackSnapshot? snapshot = null;
        while (StateJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("stack"u8))
            {
                StateJson.Next(ref reader);
                stack = StateJson.ReadStringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("latest"u8))
            {
                StateJson.Next(ref reader);
                snapshot = ReadDeploymentBody(ref reader, context);
            }
            else
            {
                StateJson.SkipValue(ref reader);
            }
        }

        return (stack, snapshot);
    }

    private static StackSnapshot? ReadDeploymentBody(ref Utf8JsonReader reader, StateReadContext context)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        StateJson.ExpectToken(ref reader, JsonTokenType.StartObject, "a deployment object");

        // Secrets in resources need the provider state, which may come after them: find it first on a copy of
        // the reader (a struct, so copying it is a cheap bookmark).
        var scan = reader;
        while (StateJson.NextProperty(ref scan))
        {
            if (scan.ValueTextEquals("secrets_providers"u8))
            {
                StateJson.Next(ref scan);
                context.ProviderState = StateJson.ReadSecretsProvider(ref scan);
                break;
            }

            StateJson.SkipValue(ref scan);
        }

        if (context.SecretsOnly)
        {
            // From the deployment's start to its end, the resources as tokens only.
            reader.Skip();
            return StackSnapshot.Empty;
        }

        var time = DateTimeOffset.UnixEpoch;
        var resources = ImmutableArray.CreateBuilder<ResourceState>();
        var pending = ImmutableArray.CreateBuilder<PendingOperation>();
        while (StateJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("manifest"u8))
            {
                StateJson.Next(ref reader);
                time = ReadManifestTime(ref reader);
            }
            else if (reader.ValueTextEquals("resources"u8))
            {
                StateJson.Next(ref reader);
                ReadArray(ref reader, context, resources, static (ref Utf8JsonReader r, StateReadContext c) => StateJson.ReadResource(ref r, c));
            }
            else if (reader.ValueTextEquals("pending_operations"u8))
            {
                StateJson.Next(ref reader);
                ReadArray(ref reader, context, pending, static (ref Utf8JsonReader r, StateReadContext c) => StateJson.ReadPendingOperation(ref r, c));
            }
            else
            {
                StateJson.SkipValue(ref reader);
            }
        }

        return new StackSnapshot(resources.ToImmutable(), pending.ToImmutable(), time);
    }

    private delegate T ItemReader<T>(ref Utf8JsonReader reader, StateReadContext context);

    private static void ReadArray<T>(ref Utf8JsonReader reader, StateReadContext context, ImmutableArray<T>.Builder items, ItemReader<T> readItem)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        StateJson.ExpectToken(ref reader, JsonTokenType.StartArray, "an array");
        while (true)
        {
            StateJson.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            items.Add(readItem(ref reader, context));
        }
    }

    private static DateTimeOffset ReadManifestTime(ref Utf8JsonReader reader)
    {
        var time = DateTimeOffset.UnixEpoch;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return time;
        }

        StateJson.ExpectToken(ref reader, JsonTokenType.StartObject, "the manifest object");
        while (StateJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("time"u8))
            {
                StateJson.Next(ref reader);
                time = StateJson.ReadTime(ref reader) ?? time;
            }
            else
            {
                StateJson.SkipValue(ref reader);
            }
        }

        return time;
    }
}
