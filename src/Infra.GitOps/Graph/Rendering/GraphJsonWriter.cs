using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Rendering;

/// <summary>
/// Renders a <see cref="ResourceGraph"/> as JSON for <c>infra-gitops graph --format json</c>, in a stable layout:
/// <c>{project, stack, resources: [{urn, type, custom, parent, provider, inputs, dependencies,
/// propertyDependencies, options, location}]}</c>, resources in graph order, object keys in ordinal order,
/// two-space indentation and <c>\n</c> line ends on every platform. Secrets print as <c>"[secret]"</c>, references
/// as <c>"${name.output}"</c>, unknowns as <c>"(known after apply)"</c>: the output never holds a secret's
/// plaintext. The same graph gives the same bytes. Thread-safe (no state).
/// </summary>
public static class GraphJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the graph as UTF-8 JSON to <paramref name="output"/> (left open).</summary>
    public static void Write(ResourceGraph graph, Stream output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        WriteGraph(writer, graph);
    }

    /// <summary>The graph as UTF-8 JSON bytes.</summary>
    public static byte[] RenderUtf8(ResourceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteGraph(writer, graph);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The graph as a JSON string.</summary>
    public static string Render(ResourceGraph graph) => Encoding.UTF8.GetString(RenderUtf8(graph));

    /// <summary>
    /// Writes one property value in its display form (secrets masked, references and interpolations as
    /// <c>${...}</c> text, unknowns as <see cref="UnknownValue.Display"/>). Non-finite numbers are written as
    /// strings, since JSON has no NaN.
    /// </summary>
    public static void WriteValue(Utf8JsonWriter writer, PropertyValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case NullValue:
                writer.WriteNullValue();
                break;
            case BoolValue b:
                writer.WriteBooleanValue(b.Value);
                break;
            case NumberValue n when double.IsFinite(n.Value):
                writer.WriteNumberValue(n.Value);
                break;
            case NumberValue n:
                writer.WriteStringValue(n.ToString());
                break;
            case StringValue s:
                writer.WriteStringValue(s.Value);
                break;
            case SecretValue:
                writer.WriteStringValue(SecretValue.Mask);
                break;
            case UnknownValue:
                writer.WriteStringValue(UnknownValue.Display);
                break;
            case ReferenceValue r:
                writer.WriteStringValue(r.ToString());
                break;
            case InterpolationValue i:
                writer.WriteStringValue(InterpolationText(i));
                break;
            case ArrayValue a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ObjectValue o:
                writer.WriteStartObject();
                foreach (var (key, item) in o.Properties)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.GetType().Name);
                break;
        }
    }

    /// <summary>An interpolation as text; literal <c>$</c> doubled so that the text reads back as the same template.</summary>
    private static string InterpolationText(InterpolationValue value)
    {
        var builder = new StringBuilder();
        foreach (var part in value.Parts)
        {
            builder.Append(part switch
            {
                StringValue s => s.Value.Replace("$", "$$", StringComparison.Ordinal),
                SecretValue => SecretValue.Mask,
                _ => part.ToString(),
            });
        }

        return builder.ToString();
    }

    private static void WriteGraph(Utf8JsonWriter writer, ResourceGraph graph)
    {
        writer.WriteStartObject();
        writer.WriteString("project", graph.Project);
        writer.WriteString("stack", graph.Stack);
        writer.WriteStartArray("resources");
        foreach (var resource in graph.Resources)
        {
            WriteResource(writer, resource);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteResource(Utf8JsonWriter writer, GraphResource resource)
    {
        writer.WriteStartObject();
        writer.WriteString("urn", resource.Urn.Value);
        writer.WriteString("type", resource.Type.Token);
        writer.WriteBoolean("custom", resource.Custom);
        if (resource.Parent is { } parent)
        {
            writer.WriteString("parent", parent.Value);
        }
        else
        {
            writer.WriteNull("parent");
        }

        if (resource.Provider is { } provider)
        {
            writer.WriteString("provider", provider.Value);
        }
        else
        {
            writer.WriteNull("provider");
        }

        writer.WritePropertyName("inputs");
        WriteValue(writer, resource.Inputs);
        WriteUrns(writer, "dependencies", resource.Dependencies);
        writer.WriteStartObject("propertyDependencies");
        foreach (var (key, urns) in resource.PropertyDependencies)
        {
            WriteUrns(writer, key, urns);
        }

        writer.WriteEndObject();
        WriteOptions(writer, resource.Options);
        writer.WriteString("location", resource.Location.ToString());
        writer.WriteEndObject();
    }

    private static void WriteUrns(Utf8JsonWriter writer, string name, IEnumerable<Urn> urns)
    {
        writer.WriteStartArray(name);
        foreach (var urn in urns)
        {
            writer.WriteStringValue(urn.Value);
        }

        writer.WriteEndArray();
    }

    private static void WriteOptions(Utf8JsonWriter writer, ResourceOptions options)
    {
        writer.WriteStartObject("options");
        WriteStrings(writer, "dependsOn", options.DependsOn);
        writer.WriteBoolean("protect", options.Protect);
        writer.WriteBoolean("retainOnDelete", options.RetainOnDelete);
        WriteStrings(writer, "ignoreChanges", options.IgnoreChanges);
        WriteStrings(writer, "replaceOnChanges", options.ReplaceOnChanges);
        if (options.DeleteBeforeReplace is { } deleteBeforeReplace)
        {
            writer.WriteBoolean("deleteBeforeReplace", deleteBeforeReplace);
        }
        else
        {
            writer.WriteNull("deleteBeforeReplace");
        }

        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
