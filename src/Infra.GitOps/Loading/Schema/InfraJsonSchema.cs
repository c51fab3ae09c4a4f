using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.GitOps.Loading.Schema;

/// <summary>
/// Generates the published JSON Schema (draft 2020-12) of Infra.GitOps documents from the same schema
/// definitions the loader validates with, so that editors and CI can check YAML without the tool. The schema
/// covers what a per-document schema can say; cross-property and cross-document rules (subnets inside the
/// network, unique names) are the loader's alone. Deterministic: the same code always yields the same text.
/// </summary>
public static class InfraJsonSchema
{
    /// <summary>Where the schema is committed, relative to the repository root.</summary>
    public const string RelativePath = "docs/schema/infra-gitops.schema.json";

    private const string Draft = "https://json-schema.org/draft/2020-12/schema";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema's text, indented, ending with a newline.</summary>
    public static string Generate()
    {
        var emitter = new Emitter();
        var allOf = new JsonArray
        {
            new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["apiVersion"] = new JsonObject { ["pattern"] = "^infra\\.gitops/" } },
                    ["required"] = new JsonArray("apiVersion"),
                },
                ["then"] = new JsonObject
                {
                    ["properties"] = new JsonObject
                    {
                        ["apiVersion"] = new JsonObject { ["const"] = DocumentSchemas.ApiVersion },
                        ["kind"] = new JsonObject { ["enum"] = ToArray(DocumentSchemas.AllKindNames) },
                    },
                },
                ["else"] = emitter.Reference(DocumentSchemas.KubernetesObject),
            },
            KindCase(DocumentSchemas.StackKind, emitter.Reference(DocumentSchemas.Stack)),
        };
        foreach (var (kind, schema) in DocumentSchemas.ResourceKinds)
        {
            allOf.Add(KindCase(kind, emitter.Reference(schema)));
        }

        var root = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = "Infra.GitOps document",
            ["description"] = "One YAML document of an Infra.GitOps repository: a Stack (in stacks/), an infra.gitops/v1 resource kind, or a Kubernetes object. Strings may hold ${...} expressions; where a number or boolean is expected, a string that is exactly one expression is accepted.",
            ["type"] = "object",
            ["required"] = new JsonArray("apiVersion", "kind", "metadata"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["type"] = "string" },
                ["kind"] = new JsonObject { ["type"] = "string" },
                ["metadata"] = new JsonObject { ["type"] = "object" },
            },
            ["allOf"] = allOf,
            ["$defs"] = emitter.Definitions(),
        };
        return root.ToJsonString(Indented) + "\n";
    }

    private static JsonObject KindCase(string kind, JsonNode then) => new()
    {
        ["if"] = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["const"] = DocumentSchemas.ApiVersion },
                ["kind"] = new JsonObject { ["const"] = kind },
            },
            ["required"] = new JsonArray("apiVersion", "kind"),
        },
        ["then"] = then,
    };

    private static JsonArray ToArray(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }

    private sealed class Emitter
    {
        private readonly SortedDictionary<string, JsonObject?> definitions = new(StringComparer.Ordinal);

        public JsonObject Definitions()
        {
            var result = new JsonObject();
            foreach (var (name, definition) in definitions)
            {
                result[name] = definition;
            }

            return result;
        }

        public JsonObject Reference(ObjectSchema schema)
        {
            if (!definitions.ContainsKey(schema.Name))
            {
                definitions[schema.Name] = null; // reserved first: an object may (indirectly) refer to itself
                definitions[schema.Name] = EmitObject(schema);
            }

            return new JsonObject { ["$ref"] = "#/$defs/" + schema.Name };
        }

        private JsonObject Emit(SchemaNode node)
        {
            var result = node switch
            {
                ObjectSchema objectSchema => Reference(objectSchema),
                MapSchema map => new JsonObject { ["type"] = "object", ["additionalProperties"] = Emit(map.Values) },
                ArraySchema array => new JsonObject { ["type"] = "array", ["items"] = Emit(array.Items) },
                UnionSchema union => Union(union),
                StringSchema text => WithExpression(String(text), text, Formats.ExpressionPattern, text.Enum.IsEmpty && text.Format == StringFormat.None),
                IntegerSchema integer => WithExpression(
                    new JsonObject { ["type"] = "integer", ["minimum"] = integer.Minimum, ["maximum"] = integer.Maximum },
                    integer,
                    Formats.SingleExpressionPattern,
                    plainString: false),
                BooleanSchema boolean => WithExpression(new JsonObject { ["type"] = "boolean" }, boolean, Formats.SingleExpressionPattern, plainString: false),
                _ => new JsonObject(),
            };
            if (node.Description is not null)
            {
                result["description"] = node.Description;
            }

            return result;
        }

        private JsonObject Union(UnionSchema union)
        {
            var alternatives = new JsonArray();
            foreach (var alternative in union.Alternatives)
            {
                alternatives.Add(Emit(alternative));
            }

            return new JsonObject { ["anyOf"] = alternatives };
        }

        private static JsonObject String(StringSchema schema)
        {
            var result = new JsonObject { ["type"] = "string" };
            if (!schema.Enum.IsEmpty)
            {
                result["enum"] = ToArray(schema.Enum);
            }

            switch (schema.Format)
            {
                case StringFormat.NonEmpty:
                    result["pattern"] = Formats.NonEmptyPattern;
                    break;
                case StringFormat.Name:
                    result["pattern"] = Formats.NamePattern;
                    result["maxLength"] = Formats.MaxNameLength;
                    break;
                case StringFormat.Cidr:
                    result["pattern"] = Formats.CidrPattern;
                    break;
                case StringFormat.TypeToken:
                    result["pattern"] = Formats.TypeTokenPattern;
                    break;
                case StringFormat.PortRange:
                    result["pattern"] = Formats.PortRangePattern;
                    break;
            }

            return result;
        }

        /// <summary>Where expressions are allowed, a value may instead be a string with an expression.</summary>
        private static JsonObject WithExpression(JsonObject schema, SchemaNode node, string expressionPattern, bool plainString)
        {
            if (node.Literal || plainString)
            {
                return schema;
            }

            return new JsonObject
            {
                ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "string", ["pattern"] = expressionPattern }),
            };
        }

        private JsonObject EmitObject(ObjectSchema schema)
        {
            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (var property in schema.Properties)
            {
                properties[property.Name] = Emit(property.Type);
                if (property.Required)
                {
                    required.Add(property.Name);
                }
            }

            var result = new JsonObject { ["type"] = "object" };
            if (schema.Description is not null)
            {
                result["description"] = schema.Description;
            }

            result["properties"] = properties;
            if (required.Count > 0)
            {
                result["required"] = required;
            }

            result["additionalProperties"] = schema.AdditionalProperties is null ? JsonValue.Create(false) : Emit(schema.AdditionalProperties);
            if (!schema.ExactlyOneOf.IsEmpty)
            {
                var oneOf = new JsonArray();
                foreach (var name in schema.ExactlyOneOf)
                {
                    oneOf.Add(new JsonObject { ["required"] = new JsonArray(name) });
                }

                result["oneOf"] = oneOf;
            }

            return result;
        }
    }
}
