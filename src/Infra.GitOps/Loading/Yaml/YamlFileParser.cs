using System.Runtime.InteropServices;
using Infra.GitOps.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Infra.GitOps.Loading.Yaml;

/// <summary>
/// Turns a YAML file's text into <see cref="YamlDocumentNode"/>s using YamlDotNet's low-level
/// <see cref="Parser"/> (the event stream, not the deserializer). It never throws for bad input: syntax errors,
/// tabs in indentation, duplicate keys, non-scalar keys, unknown aliases, alias bombs and too-deep nesting become
/// diagnostics. A syntax error, an alias bomb or too-deep nesting ends the file (YAML cannot be resynchronised);
/// the documents completed before it are kept. Not thread-safe; one instance per file.
/// </summary>
internal sealed class YamlFileParser
{
    /// <summary>Deepest nesting of mappings and sequences accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes that aliases may expand to in one file (a billion-laughs bound).</summary>
    public const long MaxAliasExpansion = 100_000;

    private const string StringTag = "tag:yaml.org,2002:str";

    private readonly string path;
    private readonly string text;
    private readonly List<Diagnostic> diagnostics;
    private readonly List<Frame> stack = [];
    private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);
    private readonly List<YamlDocumentNode> documents = [];
    private YamlNode? root;
    private long aliasExpansion;

    private YamlFileParser(string path, string text, List<Diagnostic> diagnostics)
    {
        this.path = path;
        this.text = text;
        this.diagnostics = diagnostics;
    }

    /// <summary>Parses <paramref name="text"/>, adding problems to <paramref name="diagnostics"/>.</summary>
    public static List<YamlDocumentNode> Parse(string path, string text, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var parser = new YamlFileParser(path, text, diagnostics);
        parser.Run(cancellationToken);
        return parser.documents;
    }

    private void Run(CancellationToken cancellationToken)
    {
        var parser = new Parser(new StringReader(text));
        var documentIndex = 0;
        var sawDocument = false;
        var documentLine = 1;
        var documentColumn = 1;
        var events = 0;
        try
        {
            while (parser.MoveNext())
            {
                if ((++events & 0xFFF) == 0)
                {
                    // CPU-bound loop over a possibly huge file: honour cancellation now and then.
                    cancellationToken.ThrowIfCancellationRequested();
                }

                switch (parser.Current)
                {
                    case Scalar scalar:
                        if (!Complete(CreateScalar(scalar), scalar.Anchor))
                        {
                            return;
                        }

                        break;
                    case MappingStart mapping:
                        if (!Push(new YamlMapping((int)mapping.Start.Line, (int)mapping.Start.Column), mapping.Anchor))
                        {
                            return;
                        }

                        break;
                    case SequenceStart sequence:
                        if (!Push(new YamlSequence((int)sequence.Start.Line, (int)sequence.Start.Column), sequence.Anchor))
                        {
                            return;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        var frame = stack[^1]; // a copy: the frame is removed next
                        stack.RemoveAt(stack.Count - 1);
                        if (!Complete(frame.Node, frame.Anchor))
                        {
                            return;
                        }

                        break;
                    case AnchorAlias alias:
                        if (!AddAlias(alias))
                        {
                            return;
                        }

                        break;
                    case DocumentStart start:
                        sawDocument = true;
                        root = null;
                        anchors.Clear();
                        documentLine = (int)start.Start.Line;
                        documentColumn = (int)start.Start.Column;
                        break;
                    case DocumentEnd:
                        EndDocument(documentIndex++, documentLine, documentColumn);
                        break;
                }
            }
        }
        catch (YamlException exception)
        {
            ReportSyntaxError(exception);
            return;
        }

        if (!sawDocument)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticMessages.EmptyFileCode, DiagnosticMessages.EmptyFile, SourceLocation.OfFile(path)));
        }
    }

    private YamlScalar CreateScalar(Scalar scalar)
    {
        var line = (int)scalar.Start.Line;
        var column = (int)scalar.Start.Column;
        var value = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && (scalar.Tag.Value == StringTag || scalar.Tag.Value == "!")))
        {
            return new YamlScalar(line, column, value, YamlScalarType.String, 0);
        }

        var type = ScalarResolver.Resolve(value, out var number);
        return new YamlScalar(line, column, value, type, number);
    }

    private bool Push(YamlNode node, AnchorName anchor)
    {
        if (stack.Count >= MaxDepth)
        {
            Report(DiagnosticMessages.NestingTooDeepCode, DiagnosticMessages.Format(DiagnosticMessages.NestingTooDeep, MaxDepth), node.Line, node.Column);
            return false;
        }

        stack.Add(new Frame(node, anchor));
        return true;
    }

    private bool AddAlias(AnchorAlias alias)
    {
        var line = (int)alias.Start.Line;
        var column = (int)alias.Start.Column;
        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            Report(DiagnosticMessages.UnknownAliasCode, DiagnosticMessages.Format(DiagnosticMessages.UnknownAlias, alias.Value.Value), line, column);
            return Add(new YamlScalar(line, column, string.Empty, YamlScalarType.Null, 0));
        }

        aliasExpansion += target.ExpandedSize;
        if (aliasExpansion > MaxAliasExpansion)
        {
            Report(DiagnosticMessages.AliasExpansionCode, DiagnosticMessages.Format(DiagnosticMessages.AliasExpansion, MaxAliasExpansion), line, column);
            return false;
        }

        if (stack.Count + target.Height > MaxDepth)
        {
            Report(DiagnosticMessages.NestingTooDeepCode, DiagnosticMessages.Format(DiagnosticMessages.NestingTooDeep, MaxDepth), line, column);
            return false;
        }

        return Add(target);
    }

    private bool Complete(YamlNode node, AnchorName anchor)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return Add(node);
    }

    private bool Add(YamlNode node)
    {
        if (stack.Count == 0)
        {
            root = node;
            return true;
        }

        // A reference into the list: the frame is a struct (one per mapping or sequence, allocated with the list).
        ref var frame = ref CollectionsMarshal.AsSpan(stack)[^1];
        switch (frame.Node)
        {
            case YamlSequence sequence:
                sequence.Add(node);
                break;
            case YamlMapping when frame.Key is null && !frame.SkipValue:
                if (node is YamlScalar key)
                {
                    frame.Key = key;
                }
                else
                {
                    Report(DiagnosticMessages.NonScalarKeyCode, DiagnosticMessages.NonScalarKey, node.Line, node.Column);
                    frame.SkipValue = true;
                }

                break;
            case YamlMapping mapping:
                if (frame.Key is not null)
                {
                    var first = mapping.TryAdd(frame.Key, node);
                    if (first is not null)
                    {
                        Report(
                            DiagnosticMessages.DuplicateKeyCode,
                            DiagnosticMessages.Format(DiagnosticMessages.DuplicateKey, frame.Key.Text, first.Line),
                            frame.Key.Line,
                            frame.Key.Column);
                    }
                }

                frame.Key = null;
                frame.SkipValue = false;
                break;
        }

        return true;
    }

    private void EndDocument(int index, int line, int column)
    {
        switch (root)
        {
            case YamlMapping mapping:
                documents.Add(new YamlDocumentNode(mapping, index));
                break;
            case null:
            case YamlScalar { Type: YamlScalarType.Null }:
                diagnostics.Add(Diagnostic.Warning(DiagnosticMessages.EmptyDocumentCode, DiagnosticMessages.EmptyDocument, new SourceLocation(path, line, column)));
                break;
            default:
                Report(DiagnosticMessages.DocumentNotMappingCode, DiagnosticMessages.Format(DiagnosticMessages.DocumentNotMapping, root.Describe()), root.Line, root.Column);
                break;
        }

        root = null;
    }

    private void ReportSyntaxError(YamlException exception)
    {
        var line = (int)exception.Start.Line;
        var column = (int)exception.Start.Column;

        // YamlDotNet reports a tab in indentation either as "invalid tab as indentation" at the start of the
        // enclosing mapping, or as "cannot start any token" at or just after it: find the tab and name it.
        var mentionsTab = exception.Message.Contains("tab", StringComparison.OrdinalIgnoreCase);
        var first = mentionsTab ? line : Math.Max(1, line - 1);
        var last = mentionsTab ? int.MaxValue : line;
        for (var candidate = first; candidate <= last; candidate++)
        {
            var tabColumn = TabIndentationColumn(candidate, out var pastEnd);
            if (tabColumn > 0)
            {
                Report(DiagnosticMessages.TabIndentationCode, DiagnosticMessages.Format(DiagnosticMessages.TabIndentation, tabColumn), candidate, tabColumn);
                return;
            }

            if (pastEnd)
            {
                break;
            }
        }

        var message = exception.Message;
        var prefixEnd = message.StartsWith('(') ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        if (prefixEnd >= 0)
        {
            message = message[(prefixEnd + 3)..];
        }

        Report(DiagnosticMessages.YamlSyntaxCode, DiagnosticMessages.Format(DiagnosticMessages.YamlSyntax, message), line, column);
    }

    /// <summary>The 1-based column of the first tab in the indentation of a line with content, or 0.</summary>
    private int TabIndentationColumn(int line, out bool pastEnd)
    {
        pastEnd = false;
        var start = 0;
        for (var current = 1; current < line; current++)
        {
            var newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                pastEnd = true;
                return 0;
            }

            start = newline + 1;
        }

        var tab = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\t')
            {
                tab = tab == 0 ? i - start + 1 : tab;
            }
            else if (c != ' ')
            {
                return c is '\n' or '\r' ? 0 : tab;
            }
        }

        pastEnd = true;
        return 0;
    }

    private void Report(string code, string message, int line, int column) =>
        diagnostics.Add(Diagnostic.Error(code, message, new SourceLocation(path, line, column)));

    private struct Frame(YamlNode node, AnchorName anchor)
    {
        public YamlNode Node { get; } = node;

        public AnchorName Anchor { get; } = anchor;

        public YamlScalar? Key { get; set; }

        public bool SkipValue { get; set; }
    }
}
