using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;

namespace Infra.GitOps.State.Serialization;

/// <summary>
/// Reading Pulumi's deployment v3 JSON with <see cref="Utf8JsonReader"/> over a whole buffer. Shape errors throw
/// <see cref="CheckpointFormatException"/> with the byte offset of the offending token; unknown fields are skipped.
/// </summary>
internal static partial class StateJson
{
    public static ResourceState ReadResource(ref Utf8JsonReader reader, StateReadContext context)
    {
        var start = reader.TokenStartIndex;
        ExpectToken(ref reader, JsonTokenType.StartObject, "a resource object");
        Urn? urn = null;
        var custom = false;
        ResourceType? type = null;
        string? id = null;
        var inputs = ObjectValue.Empty;
        var outputs = ObjectValue.Empty;
        Urn? parent = null;
        string? provider = null;
        var dependencies = ImmutableArray<Urn>.Empty;
        var propertyDependencies = ImmutableSortedDictionary.Create<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
        bool protect = false, retainOnDelete = false, delete = false, pendingReplacement = false;
        var ignoreChanges = ImmutableArray<string>.Empty;
        var replaceOnChanges = ImmutableArray<string>.Empty;
        DateTimeOffset? created = null, modified = null;

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("urn"u8))
            {
                Next(ref reader);
                urn = new Urn(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("custom"u8))
            {
                Next(ref reader);
                custom = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                Next(ref reader);
                type = new ResourceType(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                Next(ref reader);
                id = ReadStringOrNull(ref reader) is { Length: > 0 } value ? value : null;
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                Next(ref reader);
                inputs = ReadObjectOrNull(ref reader, context);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                Next(ref reader);
                outputs = ReadObjectOrNull(ref reader, context);
            }
            else if (reader.ValueTextEquals("parent"u8))
            {
                Next(ref reader);
                parent = ReadStringOrNull(ref reader) is { Length: > 0 } value ? new Urn(value) : null;
            }
            else if (reader.ValueTextEquals("provider"u8))
            {
                Next(ref reader);
                provider = ReadStringOrNull(ref reader) is { Length: > 0 } value ? value : null;
            }
            else if (reader.ValueTextEquals("dependencies"u8))
            {
                Next(ref reader);
                dependencies = ReadUrns(ref reader);
            }
            else if (reader.ValueTextEquals("propertyDependencies"u8))
            {
                Next(ref reader);
                propertyDependencies = ReadPropertyDependencies(ref reader);
            }
            else if (reader.ValueTextEquals("protect"u8))
            {
                Next(ref reader);
                protect = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("retainOnDelete"u8))
            {
                Next(ref reader);
                retainOnDelete = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("delete"u8))
            {
                Next(ref reader);
                delete = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("pendingReplacement"u8))
            {
                Next(ref reader);
                pendingReplacement = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("ignoreChanges"u8))
            {
                Next(ref reader);
                ignoreChanges = ReadStrings(ref reader);
            }
            else if (reader.ValueTextEquals("replaceOnChanges"u8))
            {
                Next(ref reader);
                replaceOnChanges = ReadStrings(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                Next(ref reader);
                created = ReadTime(ref reader);
            }
            else if (reader.ValueTextEquals("modified"u8))
            {
                Next(ref reader);
                modified = ReadTime(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        if (urn is not { } resourceUrn || string.IsNullOrEmpty(resourceUrn.Value))
        {
            throw new CheckpointFormatException("a resource has no 'urn'", start);
        }

        return new ResourceState
        {
            Urn = resourceUrn,
            Custom = custom,
            Type = type ?? (resourceUrn.IsValid ? resourceUrn.Type : new ResourceType(string.Empty)),
            Id = id,
            Inputs = inputs,
            Outputs = outputs,
            Parent = parent,
            Provider = provider,
            Dependencies = dependencies,
            PropertyDependencies = propertyDependencies,
            Protect = protect,
            RetainOnDelete = retainOnDelete,
            Delete = delete,
            PendingReplacement = pendingReplacement,
            IgnoreChanges = ignoreChanges,
            ReplaceOnChanges = replaceOnChanges,
            Created = created,
            Modified = modified,
        };
    }

    public static PendingOperation ReadPendingOperation(ref Utf8JsonReader reader, StateReadContext context)
    {
        var start = reader.TokenStartIndex;
        ExpectToken(ref reader, JsonTokenType.StartObject, "a pending operation object");
        ResourceState? resource = null;
        PendingOperationType? type = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("resource"u8))
            {
                Next(ref reader);
                resource = ReadResource(ref reader, context);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                Next(ref reader);
                type = ReadOperationType(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        if (resource is null || type is null)
        {
            throw new CheckpointFormatException("a pending operation needs 'resource' and 'type'", start);
        }

        return new PendingOperation(resource, type.Value);
    }

    public static PendingOperationType ReadOperationType(ref Utf8JsonReader reader)
    {
        var start = reader.TokenStartIndex;
        return ReadString(ref reader) switch
        {
            "creating" => PendingOperationType.Creating,
            "updating" => PendingOperationType.Updating,
            "deleting" => PendingOperationType.Deleting,
            "reading" => PendingOperationType.Reading,
            "importing" => PendingOperationType.Importing,
            var other => throw new CheckpointFormatException(
                $"unknown pending operation type '{other}' (expected creating, updating, deleting, reading or importing)", start),
        };
    }

    public static SecretsProviderState? ReadSecretsProvider(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectToken(ref reader, JsonTokenType.StartObject, "a secrets provider object");
        string type = string.Empty;
        string? salt = null, check = null;
        var iterations = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                Next(ref reader);
                type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("state"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                ExpectToken(ref reader, JsonTokenType.StartObject, "a secrets provider state object");
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("salt"u8))
                    {
                        Next(ref reader);
                        salt = ReadStringOrNull(ref reader);
                    }
                    else if (reader.ValueTextEquals("iterations"u8))
                    {
                        Next(ref reader);
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out iterations) || iterations <= 0)
                        {
                            throw new CheckpointFormatException("'iterations' must be a positive integer", reader.TokenStartIndex);
                        }
                    }
                    else if (reader.ValueTextEquals("check"u8))
                    {
                        Next(ref reader);
                        check = ReadStringOrNull(ref reader);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return new SecretsProviderState(type, salt, iterations, check);
    }

    public static PropertyValue ReadValue(ref Utf8JsonReader reader, StateReadContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return NullValue.Instance;
            case JsonTokenType.True:
                return new BoolValue(true);
            case JsonTokenType.False:
                return new BoolValue(false);
            case JsonTokenType.Number:
                if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw new CheckpointFormatException("a number is out of range", reader.TokenStartIndex);
                }

                return new NumberValue(number);
            case JsonTokenType.String:
                var text = GetText(ref reader);
                return text == UnknownValue.Sentinel ? UnknownValue.Instance : new StringValue(text);
            case JsonTokenType.StartArray:
                var items = ImmutableArray.CreateBuilder<PropertyValue>();
                while (true)
                {
                    Next(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        return new ArrayValue(items.ToImmutable());
                    }

                    items.Add(ReadValue(ref reader, context));
                }

            case JsonTokenType.StartObject:
                return ReadObject(ref reader, context);
            default:
                throw new CheckpointFormatException($"expected a value, found {reader.TokenType}", reader.TokenStartIndex);
        }
    }

    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new CheckpointFormatException("the document ends too early", reader.BytesConsumed);
        }
    }

    /// <summary>Advances to the next property name of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new CheckpointFormatException($"expected a property name, found {reader.TokenType}", reader.TokenStartIndex),
        };
    }

    /// <summary>With the reader on a property name, skips that property's value.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    public static void ExpectToken(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new CheckpointFormatException($"expected {what}, found {Describe(reader.TokenType)}", reader.TokenStartIndex);
        }
    }

    public static string ReadString(ref Utf8JsonReader reader)
    {
        ExpectToken(ref reader, JsonTokenType.String, "a string");
        return GetText(ref reader);
    }

    /// <summary>The current string or property name; hostile escapes (lone surrogates) are a format error, not a crash.</summary>
    public static string GetText(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            throw new CheckpointFormatException("a string is not valid UTF-8/UTF-16 text", reader.TokenStartIndex);
        }
    }

    public static string? ReadStringOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader);

    public static bool ReadBool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False or JsonTokenType.Null => false,
        _ => throw new CheckpointFormatException($"expected true or false, found {Describe(reader.TokenType)}", reader.TokenStartIndex),
    };

    public static DateTimeOffset? ReadTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var start = reader.TokenStartIndex;
        var text = ReadString(ref reader);
        if (reader.TryGetDateTimeOffset(out var time))
        {
            return time;
        }

        // Go writes RFC 3339 with up to nine fractional digits; .NET keeps seven.
        if (DateTimeOffset.TryParse(TrimFraction(text), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            return time;
        }

        throw new CheckpointFormatException($"'{text}' is not an RFC 3339 time", start);
    }

    private static string TrimFraction(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - dot - 1 <= 7 ? text : text[..(dot + 8)] + text[end..];
    }

    public static ObjectValue ReadObjectOrNull(ref Utf8JsonReader reader, StateReadContext context)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ObjectValue.Empty;
        }

        return ReadValue(ref reader, context) switch
        {
            ObjectValue o => o,
            _ => throw new CheckpointFormatException("expected an object of properties", reader.TokenStartIndex),
        };
    }

    private static PropertyValue ReadObject(ref Utf8JsonReader reader, StateReadContext context)
    {
        var start = reader.TokenStartIndex;
        var properties = ImmutableSortedDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
        while (NextProperty(ref reader))
        {
            var key = GetText(ref reader);
            Next(ref reader);
            properties[key] = ReadValue(ref reader, context);
        }

        if (properties.TryGetValue(SignatureKey, out var signature) && signature is StringValue { Value: SecretSignature })
        {
            return ReadSecret(properties, context, start);
        }

        return new ObjectValue(properties.ToImmutable());
    }

    private static SecretValue ReadSecret(
        ImmutableSortedDictionary<string, PropertyValue>.Builder envelope, StateReadContext context, long start)
    {
        string plaintext;
        if (envelope.GetValueOrDefault("ciphertext") is StringValue && context.Crypter.ReadsSecretsAsPlaceholders)
        {
            return SecretValue.Placeholder;
        }

        if (envelope.GetValueOrDefault("ciphertext") is StringValue { Value: var ciphertext })
        {
            plaintext = context.Crypter.Decrypt(ciphertext);
        }
        else if (envelope.GetValueOrDefault("plaintext") is StringValue { Value: var plain })
        {
            // `pulumi stack export --show-secrets` writes secrets decrypted; accepted on import, never written.
            plaintext = plain;
        }
        else
        {
            throw new CheckpointFormatException("a secret has neither 'ciphertext' nor 'plaintext'", start);
        }

        try
        {
            var inner = new Utf8JsonReader(Encoding.UTF8.GetBytes(plaintext), new JsonReaderOptions { MaxDepth = 256 });
            Next(ref inner);
            var value = ReadValue(ref inner, context);
            return new SecretValue(value);
        }
        catch (Exception exception) when (exception is JsonException or CheckpointFormatException)
        {
            // The inner parser's message could quote the plaintext: report only where the envelope is.
            throw new CheckpointFormatException("a secret's decrypted value is not valid JSON", start);
        }
    }

    private static ImmutableArray<Urn> ReadUrns(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ImmutableArray<Urn>.Empty;
        }

        ExpectToken(ref reader, JsonTokenType.StartArray, "an array of URNs");
        var urns = ImmutableArray.CreateBuilder<Urn>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return urns.ToImmutable();
            }

            urns.Add(new Urn(ReadString(ref reader)));
        }
    }

    private static ImmutableArray<string> ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ImmutableArray<string>.Empty;
        }

        ExpectToken(ref reader, JsonTokenType.StartArray, "an array of strings");
        var values = ImmutableArray.CreateBuilder<string>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return values.ToImmutable();
            }

            values.Add(ReadString(ref reader));
        }
    }

    private static ImmutableSortedDictionary<string, ImmutableArray<Urn>> ReadPropertyDependencies(ref Utf8JsonReader reader)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return result.ToImmutable();
        }

        ExpectToken(ref reader, JsonTokenType.StartObject, "an object of property dependencies");
        while (NextProperty(ref reader))
        {
            var key = GetText(ref reader);
            Next(ref reader);

            // Pulumi writes `"cidrBlock": null` for an input that depended on nothing.
            result[key] = ReadUrns(ref reader);
        }

        return result.ToImmutable();
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };
}
