namespace Infra.GitOps.Loading.Yaml;

/// <summary>A scalar, typed YAML 1.2 core style: plain scalars may be null, booleans or numbers; quoted and
/// block scalars are strings.</summary>
internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(int line, int column, string text, YamlScalarType type, double number)
        : base(line, column)
    {
        Text = text;
        Type = type;
        Number = number;
    }

    /// <inheritdoc />
    /// <remarks>Constant, not stored: a file has far more scalars than anything else.</remarks>
    public override long ExpandedSize => 1;

    /// <inheritdoc />
    public override int Height => 0;

    /// <summary>The scalar's text as written (after YAML unescaping).</summary>
    public string Text { get; }

    public YamlScalarType Type { get; }

    /// <summary>The value of an <see cref="YamlScalarType.Integer"/> or <see cref="YamlScalarType.Float"/>.</summary>
    public double Number { get; }

    /// <summary>The value of a <see cref="YamlScalarType.Boolean"/>.</summary>
    public bool Boolean => Type == YamlScalarType.Boolean && Text.Length == 4;

    public override string Describe() => Type switch
    {
        YamlScalarType.Null => "null",
        YamlScalarType.Boolean => "a boolean",
        YamlScalarType.Integer => "an integer",
        YamlScalarType.Float => "a number",
        _ => "a string",
    };
}
