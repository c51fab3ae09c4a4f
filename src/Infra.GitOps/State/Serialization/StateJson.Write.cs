using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;

namespace Infra.GitOps.State.Serialization;

/// <summary>Writing Pulumi's deployment v3 JSON (resources, property values, pending operations).</summary>
internal static partial class StateJson
{
    /// <summary>The most new members <see cref="WriteOutputs"/> adds to copied inputs.</summary>
    internal const int MaxNewOutputs = 4;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? outputsBuffer;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? memberBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? outputsWriter;

    public static void WriteResource(Utf8JsonWriter writer, ResourceState resource, SecretsCrypter crypter) =>
        WriteResource(writer, resource, crypter, ReadOnlySpan<byte>.Empty, out _);

    /// <summary>
    /// Writes <paramref name="resource"/>; its inputs are copied from <paramref name="serializedInputs"/> when given (the
    /// compact JSON this writer wrote for the very same inputs object), and <paramref name="layout"/> tells where, counted
    /// from the writer's last reset, its parts are.
    /// </summary>
    public static void WriteResource(
        Utf8JsonWriter writer, ResourceState resource, SecretsCrypter crypter, ReadOnlySpan<byte> serializedInputs, out ResourceLayout layout)
    {
        var start = Position(writer);
        Range inputs = default;

        // Field order and omitted defaults follow Pulumi's ResourceV3 (sdk/go/common/apitype/core.go):
        // urn, custom and type always; everything else only when set.
        writer.WriteStartObject();
        writer.WriteString(Names.Urn, resource.Urn.Value);
        writer.WriteBoolean(Names.Custom, resource.Custom);
        if (resource.Delete)
        {
            writer.WriteBoolean(Names.Delete, true);
        }

        var afterFlags = Position(writer);
        if (resource.Id is not null)
        {
            writer.WriteString(Names.Id, resource.Id);
        }

        var afterId = Position(writer);
        writer.WriteString(Names.Type, resource.Type.Token);
        var members = default(MemberOffsets);
        if (resource.Inputs.Properties.Count > 0)
        {
            writer.WritePropertyName(Names.Inputs);
            var inputsStart = Position(writer);
            if (serializedInputs.IsEmpty)
            {
                // As WriteValue writes an object, noting where each member starts (for outputs that copy them).
                writer.WriteStartObject();
                foreach (var (key, item) in resource.Inputs.Properties)
                {
                    members.TryAdd(Position(writer) - inputsStart);
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, crypter, resource.Urn);
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteRawValue(serializedInputs, skipInputValidation: true);
            }

            inputs = inputsStart..Position(writer);
        }

        var afterInputs = Position(writer);
        if (resource.Outputs.Properties.Count > 0)
        {
            writer.WritePropertyName(Names.Outputs);
            WriteValue(writer, resource.Outputs, crypter, resource.Urn);
        }

        var afterOutputs = Position(writer);
        WriteRest(writer, resource);
        layout = new ResourceLayout(start, afterFlags, afterId, afterInputs, afterOutputs, Position(writer), inputs) { InputMembers = members };
    }

    /// <summary>
    /// Writes <paramref name="outputs"/>, copying from <paramref name="inputsJson"/> (the JSON this serializer wrote for
    /// <paramref name="inputs"/>, its members at <paramref name="members"/>) every member that is the very same value in
    /// both, and serializing only the others: the bytes <see cref="WriteValue"/> writes (secrets aside: copied ones keep
    /// their ciphertext). Outputs are usually the inputs plus what the provider computed (an id, addresses); when they
    /// are not (an input missing or changed, more than <see cref="MaxNewOutputs"/> new members), they are serialized.
    /// </summary>
    public static void WriteOutputs(
        Utf8JsonWriter writer, ObjectValue outputs, ObjectValue inputs, ReadOnlySpan<byte> inputsJson, in MemberOffsets members, SecretsCrypter crypter, Urn owner)
    {
        var count = inputs.Properties.Count;
        if (!members.IsComplete || members.Count != count || inputsJson.IsEmpty || outputs.Properties.Count - count is < 1 or > MaxNewOutputs)
        {
            WriteValue(writer, outputs, crypter, owner);
            return;
        }

        // The new members and, for each, how many input members come before it (outputs are in key order).
        var added = default(NewOutputs);
        var addedCount = 0;
        var shared = 0;
        foreach (var (key, value) in outputs.Properties)
        {
            if (inputs.Properties.TryGetValue(key, out var input))
            {
                if (!ReferenceEquals(input, value))
                {
                    WriteValue(writer, outputs, crypter, owner);
                    return;
                }

                shared++;
            }
            else
            {
                added[addedCount++] = new NewOutput(shared, key, value);
            }
        }

        if (shared != count)
        {
            WriteValue(writer, outputs, crypter, owner);
            return;
        }

        var buffer = outputsBuffer ??= new ArrayBufferWriter<byte>(1024);
        var memberWriter = outputsWriter ??= new Utf8JsonWriter(buffer, WriterOptions(indented: false));
        buffer.ResetWrittenCount();
        buffer.Write("{"u8);
        var next = 0; // the next input member to copy
        for (var i = 0; i <= addedCount; i++)
        {
            // The input members before the next new one (all that are left after the last), as one run of bytes.
            var until = i < addedCount ? added[i].Before : count;
            if (until > next)
            {
                if (buffer.WrittenCount > 1)
                {
                    buffer.Write(","u8);
                }

                var from = next == 0 ? members[0] : members[next] + 1;
                var to = until < count ? members[until] : inputsJson.Length - 1;
                buffer.Write(inputsJson[from..to]);
                next = until;
            }

            if (i < addedCount)
            {
                if (buffer.WrittenCount > 1)
                {
                    buffer.Write(","u8);
                }

                // "key":value, as the writer writes a member: a one-member object without its braces.
                var member = memberBuffer ??= new ArrayBufferWriter<byte>(256);
                member.ResetWrittenCount();
                memberWriter.Reset(member);
                memberWriter.WriteStartObject();
                memberWriter.WritePropertyName(added[i].Key);
                WriteValue(memberWriter, added[i].Value, crypter, owner);
                memberWriter.WriteEndObject();
                memberWriter.Flush();
                buffer.Write(member.WrittenSpan[1..^1]);
            }
        }

        buffer.Write("}"u8);
        writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
        if (buffer.Capacity > 1024 * 1024 || (memberBuffer?.Capacity ?? 0) > 1024 * 1024)
        {
            // One huge output must not pin its buffers for the thread's lifetime.
            outputsBuffer = null;
            memberBuffer = null;
            outputsWriter = null;
        }
    }

    private static int Position(Utf8JsonWriter writer) => (int)(writer.BytesCommitted + writer.BytesPending);

    /// <summary>The fields after the outputs: parent to replaceOnChanges, and the closing brace.</summary>
    private static void WriteRest(Utf8JsonWriter writer, ResourceState resource)
    {

        if (resource.Parent is { } parent)
        {
            writer.WriteString(Names.Parent, parent.Value);
        }

        if (resource.Protect)
        {
            writer.WriteBoolean(Names.Protect, true);
        }

        if (!resource.Dependencies.IsDefaultOrEmpty)
        {
            writer.WriteStartArray(Names.Dependencies);
            foreach (var dependency in resource.Dependencies)
            {
                writer.WriteStringValue(dependency.Value);
            }

            writer.WriteEndArray();
        }

        if (resource.Provider is not null)
        {
            writer.WriteString(Names.Provider, resource.Provider);
        }

        if (resource.PropertyDependencies.Count > 0)
        {
            writer.WriteStartObject(Names.PropertyDependencies);
            foreach (var (key, urns) in resource.PropertyDependencies)
            {
                writer.WriteStartArray(key);
                foreach (var urn in urns.IsDefault ? ImmutableArray<Urn>.Empty : urns)
                {
                    writer.WriteStringValue(urn.Value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        if (resource.PendingReplacement)
        {
            writer.WriteBoolean(Names.PendingReplacement, true);
        }

        if (resource.RetainOnDelete)
        {
            writer.WriteBoolean(Names.RetainOnDelete, true);
        }

        if (resource.Created is { } created)
        {
            writer.WriteString(Names.Created, created.UtcDateTime);
        }

        if (resource.Modified is { } modified)
        {
            writer.WriteString(Names.Modified, modified.UtcDateTime);
        }

        WriteStrings(writer, Names.IgnoreChanges, resource.IgnoreChanges);
        WriteStrings(writer, Names.ReplaceOnChanges, resource.ReplaceOnChanges);
        writer.WriteEndObject();
    }

    public static void WritePendingOperation(Utf8JsonWriter writer, PendingOperation operation, SecretsCrypter crypter)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Names.Resource);
        WriteResource(writer, operation.Resource, crypter);
        writer.WriteString(Names.Type, OperationName(operation.Type));
        writer.WriteEndObject();
    }

    public static string OperationName(PendingOperationType type) => type switch
    {
        PendingOperationType.Creating => "creating",
        PendingOperationType.Updating => "updating",
        PendingOperationType.Deleting => "deleting",
        PendingOperationType.Reading => "reading",
        PendingOperationType.Importing => "importing",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown pending operation type"),
    };

    public static void WriteSecretsProvider(Utf8JsonWriter writer, SecretsProviderState state)
    {
        writer.WriteStartObject(Names.SecretsProviders);
        writer.WriteString(Names.Type, state.Type);
        writer.WriteStartObject(Names.State);
        if (state.Salt is not null)
        {
            writer.WriteString(Names.Salt, state.Salt);
        }

        if (state.Iterations > 0)
        {
            writer.WriteNumber(Names.Iterations, state.Iterations);
        }

        if (state.Check is not null)
        {
            writer.WriteString(Names.Check, state.Check);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, PropertyValue value, SecretsCrypter crypter, Urn owner)
    {
        switch (value)
        {
            case NullValue:
                writer.WriteNullValue();
                break;
            case BoolValue b:
                writer.WriteBooleanValue(b.Value);
                break;
            case NumberValue n when IsSmallInteger(n.Value):
                // The same text as the double's shortest form ("5"), without formatting a floating-point number.
                writer.WriteNumberValue((long)n.Value);
                break;
            case NumberValue n when double.IsFinite(n.Value):
                writer.WriteNumberValue(n.Value);
                break;
            case NumberValue:
                throw new GitOpsException($"resource '{owner}' has a number that JSON cannot hold (NaN or infinity)");
            case StringValue s:
                writer.WriteStringValue(s.Value);
                break;
            case UnknownValue:
                writer.WriteStringValue(UnknownValue.Sentinel);
                break;
            case ArrayValue a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteValue(writer, item, crypter, owner);
                }

                writer.WriteEndArray();
                break;
            case ObjectValue o:
                writer.WriteStartObject();
                foreach (var (key, item) in o.Properties)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, crypter, owner);
                }

                writer.WriteEndObject();
                break;
            case SecretValue secret:
                // Pulumi's secret envelope: the inner value's JSON, encrypted; the plaintext is never written.
                writer.WriteStartObject();
                writer.WriteString(Names.Signature, SecretSignature);
                writer.WriteString(Names.Ciphertext, crypter.Encrypt(ToCompactJson(secret.Value, crypter, owner)));
                writer.WriteEndObject();
                break;
            case ReferenceValue or InterpolationValue:
                throw new GitOpsException(
                    $"resource '{owner}' holds an unresolved reference ({value.GetType().Name}); only resolved values can be stored in state");
            default:
                throw new GitOpsException($"resource '{owner}' holds a value of unsupported kind {value.GetType().Name}");
        }
    }

    /// <summary>An integer a double holds exactly, written the same way as a long (not -0, which a long cannot show).</summary>
    internal static bool IsSmallInteger(double value) =>
        Math.Abs(value) < 9007199254740992d && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value));

    public static JsonWriterOptions WriterOptions(bool indented) => new()
    {
        Indented = indented,
        IndentSize = 4,

        // Checkpoints are files, never embedded in HTML: keep '+', '<', non-ASCII readable as Pulumi does.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static string ToCompactJson(PropertyValue value, SecretsCrypter crypter, Urn owner)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(indented: false)))
        {
            WriteValue(writer, value, crypter, owner);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStrings(Utf8JsonWriter writer, JsonEncodedText name, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A member of the outputs that the inputs do not have, and how many input members come before it.</summary>
internal readonly record struct NewOutput(int Before, string Key, PropertyValue Value);

/// <summary>Up to <see cref="StateJson.MaxNewOutputs"/> new outputs, on the stack.</summary>
[System.Runtime.CompilerServices.InlineArray(StateJson.MaxNewOutputs)]
internal struct NewOutputs
{
    private NewOutput first;
}
