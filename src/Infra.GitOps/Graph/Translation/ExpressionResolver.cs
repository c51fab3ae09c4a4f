using System.Collections.Immutable;
using System.Text;
using Infra.GitOps.Graph.Expressions;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>
/// Resolves the expressions of a document's values: variables, <c>${stack}</c> and <c>${project}</c> become
/// text, secrets become <see cref="SecretValue"/>s, <c>${name.output}</c> becomes a <see cref="ReferenceValue"/>
/// to the custom resource that produces the output, and a dependency edge between the documents.
/// Thread-safe for different documents (each resolution writes only its own document's edges; secrets are read
/// once, under a lock).
/// </summary>
internal sealed class ExpressionResolver
{
    private readonly GraphBuildContext _context;
    private readonly Dictionary<string, SecretValue?> _secrets = new(StringComparer.Ordinal);

    public ExpressionResolver(GraphBuildContext context) => _context = context;

    /// <summary>Resolves every string of <paramref name="value"/>; <paramref name="path"/> is its document path.</summary>
    public PropertyValue Resolve(DocumentNode node, PropertyValue value, string path, bool allowReferences = true)
    {
        switch (value)
        {
            case StringValue s when ExpressionParser.MayContainExpressions(s.Value):
                return ResolveString(node, s.Value, path, allowReferences);
            case ArrayValue a:
            {
                ImmutableArray<PropertyValue>.Builder? builder = null;
                for (var i = 0; i < a.Items.Length; i++)
                {
                    // Most values hold no expression: skip them before building their path (a string per value).
                    var resolved = IsPlain(a.Items[i]) ? a.Items[i] : Resolve(node, a.Items[i], $"{path}[{i}]", allowReferences);
                    if (builder is null && !ReferenceEquals(resolved, a.Items[i]))
                    {
                        builder = ImmutableArray.CreateBuilder<PropertyValue>(a.Items.Length);
                        builder.AddRange(a.Items, i);
                    }

                    builder?.Add(resolved);
                }

                return builder is null ? a : new ArrayValue(builder.MoveToImmutable());
            }

            case ObjectValue o:
            {
                ImmutableSortedDictionary<string, PropertyValue>.Builder? builder = null;
                foreach (var (key, item) in o.Properties)
                {
                    if (IsPlain(item))
                    {
                        continue;
                    }

                    var resolved = Resolve(node, item, path.Length == 0 ? key : path + "." + key, allowReferences);
                    if (!ReferenceEquals(resolved, item))
                    {
                        builder ??= o.Properties.ToBuilder();
                        builder[key] = resolved;
                    }
                }

                return builder is null ? o : new ObjectValue(builder.ToImmutable());
            }

            default:
                return value;
        }
    }

    /// <summary>True for a value with nothing to resolve: a scalar, or a string with no <c>${</c>.</summary>
    private static bool IsPlain(PropertyValue value) => value switch
    {
        StringValue s => !ExpressionParser.MayContainExpressions(s.Value),
        NumberValue or BoolValue or NullValue => true,
        _ => false,
    };

    private PropertyValue ResolveString(DocumentNode node, string text, string path, bool allowReferences)
    {
        var location = node.Document.LocationOf(path);
        switch (ExpressionParser.Parse(text))
        {
            case ExpressionSyntaxError error:
                _context.Error(error.Code, location, "{0}", error.Message);
                return new StringValue(text);
            case ExpressionTemplate template when template.SingleExpression is { } single:
                return ResolveExpression(node, single, path, location, allowReferences) ?? new StringValue(text);
            case ExpressionTemplate template:
                return Interpolate(node, template, text, path, location, allowReferences);
            default:
                return new StringValue(text);
        }
    }

    private PropertyValue Interpolate(DocumentNode node, ExpressionTemplate template, string text, string path, SourceLocation location, bool allowReferences)
    {
        var parts = ImmutableArray.CreateBuilder<PropertyValue>();
        var literal = new StringBuilder();
        var secret = false;
        var failed = false;
        var unknown = false;

        void Append(PropertyValue value, Expression expression)
        {
            switch (value)
            {
                case SecretValue s:
                    secret = true;
                    Append(s.Value, expression);
                    break;
                case ReferenceValue:
                    Flush();
                    parts.Add(value);
                    break;
                case InterpolationValue i:
                    foreach (var part in i.Parts)
                    {
                        Append(part, expression);
                    }

                    break;
                case UnknownValue:
                    unknown = true;
                    break;
                default:
                    var scalar = Values.ScalarText(value);
                    if (scalar is null)
                    {
                        _context.Error(DiagnosticMessages.CannotInterpolateCode, location, DiagnosticMessages.CannotInterpolate, expression.Text, Values.KindOf(value));
                        failed = true;
                    }
                    else
                    {
                        literal.Append(scalar);
                    }

                    break;
            }
        }

        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(new StringValue(literal.ToString()));
                literal.Clear();
            }
        }

        foreach (var part in template.Parts)
        {
            switch (part)
            {
                case LiteralPart l:
                    literal.Append(l.Text);
                    break;
                case ExpressionPart e:
                    var value = ResolveExpression(node, e.Expression, path, location, allowReferences);
                    if (value is null)
                    {
                        failed = true;
                    }
                    else
                    {
                        Append(value, e.Expression);
                    }

                    break;
            }
        }

        if (failed)
        {
            return new StringValue(text);
        }

        if (unknown)
        {
            // A placeholder secret inside a string: the whole string is a secret not known until apply.
            return secret ? SecretValue.Placeholder : UnknownValue.Instance;
        }

        Flush();
        PropertyValue result = parts.Count switch
        {
            0 => new StringValue(string.Empty),
            1 when parts[0] is StringValue only => only,
            _ => new InterpolationValue(parts.ToImmutable()),
        };
        return secret ? new SecretValue(result) : result;
    }

    /// <summary>The value of one expression, or null after reporting a diagnostic.</summary>
    private PropertyValue? ResolveExpression(DocumentNode node, Expression expression, string path, SourceLocation location, bool allowReferences)
    {
        switch (expression)
        {
            case StackNameExpression:
                return new StringValue(_context.Stack);
            case ProjectNameExpression:
                return new StringValue(_context.Project);
            case VariableExpression v:
                if (_context.Variables.TryGetValue(v.Name, out var variable))
                {
                    return variable;
                }

                _context.Error(DiagnosticMessages.UnknownVariableCode, location, DiagnosticMessages.UnknownVariable, v.Name, GraphBuildContext.DidYouMean(v.Name, _context.Variables.Keys));
                return null;
            case SecretExpression s:
                return ResolveSecret(s.Name, location);
            case OutputExpression o:
                if (!allowReferences)
                {
                    _context.Error(DiagnosticMessages.ValueMustBeKnownCode, location, DiagnosticMessages.ValueMustBeKnown, path);
                    return null;
                }

                return ResolveOutput(node, o, location);
            default:
                return null;
        }
    }

    private bool Placeholders => _context.Options.SecretResolution == SecretResolution.Placeholder;

    private SecretValue? ResolveSecret(string name, SourceLocation location)
    {
        if (!_context.Definition.Secrets.TryGetValue(name, out var source))
        {
            _context.Error(DiagnosticMessages.UnknownSecretCode, location, DiagnosticMessages.UnknownSecret, name, GraphBuildContext.DidYouMean(name, _context.Definition.Secrets.Keys));
            return null;
        }

        // Each secret is read once and any problem with its source is reported once, at the secret's definition.
        // Documents resolve in parallel: the first reader reads it under the lock, the others wait for its value.
        lock (_secrets)
        {
            return ReadSecret(name, source);
        }
    }

    private SecretValue? ReadSecret(string name, SecretSource source)
    {
        if (_secrets.TryGetValue(name, out var cached))
        {
            return cached;
        }

        SecretValue? value = null;
        switch (source)
        {
            case EnvironmentSecretSource env:
                var plain = _context.Options.EnvironmentLookup(env.Variable);
                if (plain is null && Placeholders)
                {
                    _context.Warning(DiagnosticMessages.SecretEnvironmentPlaceholderCode, env.Location, DiagnosticMessages.SecretEnvironmentPlaceholder, name, env.Variable);
                    value = SecretValue.Placeholder;
                }
                else if (plain is null)
                {
                    _context.Error(DiagnosticMessages.SecretEnvironmentVariableMissingCode, env.Location, DiagnosticMessages.SecretEnvironmentVariableMissing, name, env.Variable);
                }
                else
                {
                    value = new SecretValue(new StringValue(plain));
                }

                break;
            case EncryptedSecretSource encrypted:
                if (_context.Options.SecretDecrypter is null && Placeholders)
                {
                    _context.Warning(DiagnosticMessages.SecretEncryptedPlaceholderCode, encrypted.Location, DiagnosticMessages.SecretEncryptedPlaceholder, name);
                    value = SecretValue.Placeholder;
                }
                else if (_context.Options.SecretDecrypter is not { } decrypter)
                {
                    _context.Error(DiagnosticMessages.SecretPassphraseRequiredCode, encrypted.Location, DiagnosticMessages.SecretPassphraseRequired, name);
                }
                else if (decrypter.TryDecrypt(encrypted.Ciphertext, out var decrypted))
                {
                    value = new SecretValue(new StringValue(decrypted));
                }
                else
                {
                    _context.Error(DiagnosticMessages.SecretDecryptionFailedCode, encrypted.Location, DiagnosticMessages.SecretDecryptionFailed, name);
                }

                break;
        }

        _secrets[name] = value;
        return value;
    }

    private PropertyValue? ResolveOutput(DocumentNode node, OutputExpression expression, SourceLocation location)
    {
        if (!_context.Nodes.TryGetValue(expression.Resource, out var target))
        {
            _context.Error(DiagnosticMessages.UnknownResourceCode, location, DiagnosticMessages.UnknownResource, expression.Resource, GraphBuildContext.DidYouMean(expression.Resource, _context.SortedNames));
            return null;
        }

        if (ReferenceEquals(target, node))
        {
            _context.Error(DiagnosticMessages.SelfReferenceCode, location, DiagnosticMessages.SelfReference, node.Name);
            return null;
        }

        node.AddEdge(target.Name, location);
        if (!target.Valid)
        {
            return UnknownValue.Instance;
        }

        if (!target.IsCloudNeutral)
        {
            return new ReferenceValue(target.Urn, expression.Path.ToString());
        }

        var outputs = ComponentOutputs.Names(target.Kind);
        if (!outputs.Contains(expression.OutputName))
        {
            _context.Error(DiagnosticMessages.UnknownOutputCode, location, DiagnosticMessages.UnknownOutput, target.Name, target.Document.KindName, expression.OutputName, string.Join(", ", outputs));
            return null;
        }

        var value = ComponentOutputs.Value(_context, target, expression.OutputName);
        for (var i = 1; i < expression.Path.Segments.Length; i++)
        {
            var segment = expression.Path.Segments[i];
            switch (value, segment)
            {
                case (ReferenceValue r, _):
                    var basePath = OutputPath.TryParse(r.Output, out _) ?? OutputPath.Of(r.Output);
                    return new ReferenceValue(r.Resource, basePath.Append(expression.Path.Segments.Skip(i)).ToString());
                case (ArrayValue a, IndexSegment index) when index.Index < a.Items.Length:
                    value = a.Items[index.Index];
                    break;
                case (UnknownValue, _):
                    return value;
                default:
                    _context.Error(DiagnosticMessages.ExpressionInvalidCode, location, DiagnosticMessages.ExpressionInvalid, expression.Text, $"'{target.Name}.{expression.OutputName}' has no element at segment {i + 1}");
                    return null;
            }
        }

        return value;
    }
}
