namespace Infra.GitOps.Graph.Expressions;

/// <summary><c>${name.output...}</c>: an output of another document of the stack; becomes a dependency.</summary>
/// <param name="Text">The expression text.</param>
/// <param name="Resource">The document's name.</param>
/// <param name="Path">The output path; its first segment is the output's name.</param>
public sealed record OutputExpression(string Text, string Resource, OutputPath Path) : Expression(Text)
{
    /// <summary>The output's name: the path's first segment.</summary>
    public string OutputName => ((PropertySegment)Path.Segments[0]).Name;
}
