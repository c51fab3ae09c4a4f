using System.Collections.Immutable;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading.Schema;

/// <summary>
/// Validates a YAML node against a <see cref="SchemaNode"/> and converts it to a <see cref="PropertyValue"/> in
/// the same walk, recording the location of every value by path (<c>spec.subnets[0].cidr</c>). It reports every
/// problem (it never stops at the first) and always returns a value, so that later checks still run; a caller
/// drops the result when <see cref="ErrorCount"/> grew. Strings keep <c>${...}</c> expressions raw; where a
/// non-string is expected, a string that is exactly one expression is accepted (the graph resolves its type),
/// and format checks are skipped for strings holding an expression. Not thread-safe.
/// </summary>
internal sealed class SchemaValidator
{
    private static readonly BoolValue True = new(true);
    private static readonly BoolValue False = new(false);

    // Builders start from ObjectValue.Empty (ordinal order already): CreateBuilder(StringComparer.Ordinal) would
    // allocate an empty dictionary per object first.
    private static readonly NumberValue[] SmallIntegers = [.. Enumerable.Range(0, 1025).Select(i => new NumberValue(i))];

    private readonly List<Diagnostic> diagnostics;
    // Locations in the order recorded (a later one for the same path wins): the path pool's scratch lists while
    // validating (reused document after document), turned into a compact map for the document, or an index only
    // when someone asks for a location midway.
    private readonly List<string> locationPaths;
    private readonly List<long> locationPositions;
    private readonly PropertyPaths paths;
    private Dictionary<string, int>? locationIndex;
    private int indexed;

    public SchemaValidator(string file, string subject, List<Diagnostic> diagnostics, PropertyPaths paths)
    {
        File = file;
        Subject = subject;
        this.diagnostics = diagnostics;
        this.paths = paths;
        locationPaths = paths.ScratchLocationPaths;
        locationPositions = paths.ScratchLocationPositions;
        locationPaths.Clear();
        locationPositions.Clear();
    }

    /// <summary>The location of every value validated or converted so far, by property path.</summary>
    public ImmutableDictionary<string, SourceLocation> Locations
    {
        get
        {
            var builder = ImmutableDictionary.CreateBuilder<string, SourceLocation>(StringComparer.Ordinal);
            for (var i = 0; i < locationPaths.Count; i++)
            {
                builder[locationPaths[i]] = At(i);
            }

            return builder.ToImmutable();
        }
    }

    /// <summary>The same locations, compactly, for a document to keep.</summary>
    public SourceLocationMap LocationMap => SourceLocationMap.Create(File, locationPaths, locationPositions);

    /// <summary>The location recorded for <paramref name="path"/>, or <paramref name="fallback"/>.</summary>
    public SourceLocation LocationOf(string path, SourceLocation fallback)
    {
        locationIndex ??= new Dictionary<string, int>(StringComparer.Ordinal);
        for (; indexed < locationPaths.Count; indexed++)
        {
            locationIndex[locationPaths[indexed]] = indexed;
        }

        return locationIndex.TryGetValue(path, out var at) ? At(at) : fallback;
    }

    private void Record(string path, YamlNode node)
    {
        locationPaths.Add(path);
        locationPositions.Add(SourceLocationMap.Pack(node.Line, node.Column));
    }

    private SourceLocation At(int index) => SourceLocationMap.Unpack(File, locationPositions[index]);

    /// <summary>The file's path relative to the repository root.</summary>
    public string File { get; }

    /// <summary>What is validated, for messages: <c>VirtualMachine 'web'</c>.</summary>
    public string Subject { get; set; }

    /// <summary>Errors reported so far by this validator.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>True when <paramref name="text"/> holds an expression (<c>${</c>).</summary>
    public static bool HasExpression(string text) => text.Contains("${", StringComparison.Ordinal);

    /// <summary>True when <paramref name="text"/> is exactly one <c>${...}</c> expression.</summary>
    public static bool IsSingleExpression(string text) =>
        text.Length > 3 && text.StartsWith("${", StringComparison.Ordinal) && text.IndexOf('}') == text.Length - 1;

    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public SourceLocation LocationOf(YamlNode node) => new(File, node.Line, node.Column);

    public void Report(string code, string message, YamlNode at)
    {
        ErrorCount++;
        diagnostics.Add(Diagnostic.Error(code, message, LocationOf(at)));
    }

    public void Report(string code, string message, SourceLocation at)
    {
        ErrorCount++;
        diagnostics.Add(Diagnostic.Error(code, message, at));
    }

    /// <summary>Validates and converts <paramref name="node"/> found at <paramref name="path"/>.</summary>
    public PropertyValue Validate(YamlNode node, SchemaNode schema, string path)
    {
        if (path.Length > 0)
        {
            Record(path, node);
        }

        switch (schema)
        {
            case AnySchema:
                return ConvertChildren(node, path);
            case ObjectSchema objectSchema:
                return node is YamlMapping mapping ? ValidateObject(mapping, objectSchema, path) : WrongType(node, schema, path);
            case MapSchema mapSchema:
                return node is YamlMapping map ? ValidateMap(map, mapSchema, path) : WrongType(node, schema, path);
            case ArraySchema arraySchema:
                return node is YamlSequence sequence ? ValidateArray(sequence, arraySchema, path) : WrongType(node, schema, path);
            case UnionSchema union:
                return ValidateUnion(node, union, path);
            default:
                return node is YamlScalar scalar ? ValidateScalar(scalar, schema, path) : WrongType(node, schema, path);
        }
    }

    /// <summary>Converts without a schema (free-form values), recording locations.</summary>
    public PropertyValue Convert(YamlNode node, string path)
    {
        if (path.Length > 0)
        {
            Record(path, node);
        }

        return ConvertChildren(node, path);
    }

    private PropertyValue ConvertChildren(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlScalar scalar:
                return ConvertScalar(scalar);
            case YamlMapping mapping:
                var builder = ObjectValue.Empty.Properties.ToBuilder();
                foreach (var (key, value) in mapping.Entries)
                {
                    builder[paths.Name(key.Text)] = Convert(value, paths.Child(path, key.Text));
                }

                return new ObjectValue(builder.ToImmutable());
            case YamlSequence sequence:
                var items = ImmutableArray.CreateBuilder<PropertyValue>(sequence.Items.Count);
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    items.Add(Convert(sequence.Items[i], paths.Item(path, i)));
                }

                return new ArrayValue(items.MoveToImmutable());
            default:
                return NullValue.Instance;
        }
    }

    private static PropertyValue ConvertScalar(YamlScalar scalar) => scalar.Type switch
    {
        YamlScalarType.Null => NullValue.Instance,
        YamlScalarType.Boolean => scalar.Boolean ? True : False,
        YamlScalarType.Integer or YamlScalarType.Float => Number(scalar),
        _ => new StringValue(scalar.Text),
    };

    private static NumberValue Number(YamlScalar scalar) =>
        scalar.Type == YamlScalarType.Integer && scalar.Number is >= 0 and <= 1024 ? SmallIntegers[(int)scalar.Number] : new NumberValue(scalar.Number);

    private ObjectValue ValidateObject(YamlMapping mapping, ObjectSchema schema, string path)
    {
        var builder = ObjectValue.Empty.Properties.ToBuilder();
        var entries = mapping.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            var childPath = paths.Child(path, key.Text);
            if (schema.ByName.TryGetValue(key.Text, out var property))
            {
                builder[property.Name] = Validate(value, property.Type, childPath); // the schema's string: shared by every document
            }
            else if (schema.AdditionalProperties is not null)
            {
                builder[paths.Name(key.Text)] = Validate(value, schema.AdditionalProperties, childPath);
            }
            else
            {
                ReportUnknownProperty(key, schema, path);
            }
        }

        foreach (var property in schema.Properties)
        {
            if (property.Required && !builder.ContainsKey(property.Name) && mapping.FindKey(property.Name) is null)
            {
                Report(
                    DiagnosticMessages.MissingPropertyCode,
                    DiagnosticMessages.Format(DiagnosticMessages.MissingProperty, Join(path, property.Name), Subject),
                    mapping);
            }
        }

        if (!schema.ExactlyOneOf.IsEmpty)
        {
            var count = 0;
            foreach (var name in schema.ExactlyOneOf)
            {
                count += mapping.FindKey(name) is null ? 0 : 1;
            }

            if (count != 1)
            {
                var names = string.Join(" or ", schema.ExactlyOneOf.Select(n => "'" + n + "'"));
                Report(DiagnosticMessages.ExactlyOneOfCode, DiagnosticMessages.Format(DiagnosticMessages.ExactlyOneOf, "'" + path + "'", names), mapping);
            }
        }

        schema.Check?.Invoke(this, mapping, path);
        return new ObjectValue(builder.ToImmutable());
    }

    private void ReportUnknownProperty(YamlScalar key, ObjectSchema schema, string path)
    {
        var where = path.Length == 0 ? Subject : "'" + path + "' of " + Subject;
        var suggestion = ClosestMatch.Find(key.Text, schema.PropertyNames);
        var message = suggestion is null
            ? DiagnosticMessages.Format(DiagnosticMessages.UnknownProperty, key.Text, where)
            : DiagnosticMessages.Format(DiagnosticMessages.UnknownPropertyDidYouMean, key.Text, where, suggestion);
        Report(DiagnosticMessages.UnknownPropertyCode, message, key);
    }

    private ObjectValue ValidateMap(YamlMapping mapping, MapSchema schema, string path)
    {
        var builder = ObjectValue.Empty.Properties.ToBuilder();
        foreach (var (key, value) in mapping.Entries)
        {
            builder[paths.Name(key.Text)] = Validate(value, schema.Values, paths.Child(path, key.Text));
        }

        return new ObjectValue(builder.ToImmutable());
    }

    private ArrayValue ValidateArray(YamlSequence sequence, ArraySchema schema, string path)
    {
        var items = ImmutableArray.CreateBuilder<PropertyValue>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            items.Add(Validate(sequence.Items[i], schema.Items, paths.Item(path, i)));
        }

        return new ArrayValue(items.MoveToImmutable());
    }

    private PropertyValue ValidateUnion(YamlNode node, UnionSchema union, string path)
    {
        if (node is YamlScalar scalar)
        {
            foreach (var alternative in union.Alternatives)
            {
                var fits = alternative switch
                {
                    IntegerSchema => scalar.Type is YamlScalarType.Integer,
                    BooleanSchema => scalar.Type is YamlScalarType.Boolean,
                    StringSchema => scalar.Type is YamlScalarType.String,
                    _ => false,
                };
                if (fits)
                {
                    return ValidateScalar(scalar, alternative, path);
                }
            }

            if (scalar.Type == YamlScalarType.String && !union.Literal && IsSingleExpression(scalar.Text))
            {
                return new StringValue(scalar.Text);
            }
        }

        return WrongType(node, union, path);
    }

    private PropertyValue ValidateScalar(YamlScalar scalar, SchemaNode schema, string path)
    {
        if (scalar.Type == YamlScalarType.String && HasExpression(scalar.Text))
        {
            if (schema.Literal)
            {
                Report(DiagnosticMessages.ExpressionNotAllowedCode, DiagnosticMessages.Format(DiagnosticMessages.ExpressionNotAllowed, path), scalar);
            }
            else if (schema is not StringSchema && !IsSingleExpression(scalar.Text))
            {
                return WrongType(scalar, schema, path);
            }

            return new StringValue(scalar.Text);
        }

        switch (schema)
        {
            case StringSchema stringSchema when scalar.Type == YamlScalarType.String:
                CheckString(scalar, stringSchema, path);
                return new StringValue(scalar.Text);
            case IntegerSchema integer when scalar.Type == YamlScalarType.Integer:
                if (scalar.Number < integer.Minimum || scalar.Number > integer.Maximum)
                {
                    Report(
                        DiagnosticMessages.OutOfRangeCode,
                        DiagnosticMessages.Format(DiagnosticMessages.OutOfRange, path, integer.Minimum, integer.Maximum, scalar.Text),
                        scalar);
                }

                return Number(scalar);
            case BooleanSchema when scalar.Type == YamlScalarType.Boolean:
                return scalar.Boolean ? True : False;
            default:
                return WrongType(scalar, schema, path);
        }
    }

    private void CheckString(YamlScalar scalar, StringSchema schema, string path)
    {
        var text = scalar.Text;
        if (!schema.Enum.IsEmpty)
        {
            if (!schema.Enum.Contains(text, StringComparer.Ordinal))
            {
                Report(
                    DiagnosticMessages.InvalidEnumValueCode,
                    DiagnosticMessages.Format(DiagnosticMessages.InvalidEnumValue, text, path, string.Join(", ", schema.Enum)),
                    scalar);
            }

            return;
        }

        switch (schema.Format)
        {
            case StringFormat.NonEmpty when string.IsNullOrWhiteSpace(text):
                Report(DiagnosticMessages.EmptyValueCode, DiagnosticMessages.Format(DiagnosticMessages.EmptyValue, path), scalar);
                break;
            case StringFormat.Name when !Formats.IsName(text):
                Report(DiagnosticMessages.InvalidNameCode, DiagnosticMessages.Format(DiagnosticMessages.InvalidName, text, path), scalar);
                break;
            case StringFormat.Cidr:
                CheckCidr(scalar, path);
                break;
            case StringFormat.TypeToken when !Formats.IsTypeToken(text):
                Report(DiagnosticMessages.InvalidTypeTokenCode, DiagnosticMessages.Format(DiagnosticMessages.InvalidTypeToken, text, path), scalar);
                break;
            case StringFormat.PortRange when !Formats.IsPortRange(text):
                Report(DiagnosticMessages.InvalidPortCode, DiagnosticMessages.Format(DiagnosticMessages.InvalidPort, text, path), scalar);
                break;
        }
    }

    private void CheckCidr(YamlScalar scalar, string path)
    {
        if (!Ipv4Cidr.TryParse(scalar.Text, out var cidr))
        {
            Report(DiagnosticMessages.InvalidCidrCode, DiagnosticMessages.Format(DiagnosticMessages.InvalidCidr, scalar.Text, path, DiagnosticMessages.CidrMalformed), scalar);
        }
        else if (!cidr.IsCanonical)
        {
            var reason = DiagnosticMessages.Format(DiagnosticMessages.CidrHostBits, cidr.Canonical);
            Report(DiagnosticMessages.InvalidCidrCode, DiagnosticMessages.Format(DiagnosticMessages.InvalidCidr, scalar.Text, path, reason), scalar);
        }
    }

    private PropertyValue WrongType(YamlNode node, SchemaNode schema, string path)
    {
        Report(DiagnosticMessages.WrongTypeCode, DiagnosticMessages.Format(DiagnosticMessages.WrongType, path, schema.Expected, node.Describe()), node);
        return ConvertChildren(node, path);
    }
}
