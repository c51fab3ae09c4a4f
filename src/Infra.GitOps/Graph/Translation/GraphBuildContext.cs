using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>The state of one <see cref="GraphBuilder.Build"/> call: documents by name, diagnostics, the
/// implicit per-stack resources. Not thread-safe; one per build.</summary>
internal sealed class GraphBuildContext
{
    public static readonly ResourceType PoolType = new("libvirt:index/pool:Pool");
    public static readonly ResourceType ResourceGroupType = new("azure:core/resourceGroup:ResourceGroup");

    private readonly List<Diagnostic> _diagnostics = [];
    private string[]? _sortedNames;
    private ResourceDraft? _pool;
    private ResourceDraft? _resourceGroup;

    public GraphBuildContext(InfraProject project, LoadedStack stack, GraphBuildOptions options)
    {
        Project = project.Name;
        Stack = stack.Definition.Name;
        Definition = stack.Definition;
        Options = options;
        RootUrn = Urn.Create(Stack, Project, null, ResourceType.Stack, $"{Project}-{Stack}");
        Variables = new Dictionary<string, PropertyValue>(stack.Definition.Variables, StringComparer.Ordinal);
        foreach (var (name, value) in options.Variables)
        {
            Variables[name] = value;
        }

        Nodes = new Dictionary<string, DocumentNode>(stack.Documents.Length, StringComparer.Ordinal);
        Ordered = new List<DocumentNode>(stack.Documents.Length);
        for (var i = 0; i < stack.Documents.Length; i++)
        {
            var node = new DocumentNode(stack.Documents[i], i);
            Ordered.Add(node);
            Nodes.TryAdd(node.Name, node);
        }
    }

    public string Project { get; }

    public string Stack { get; }

    public StackDefinition Definition { get; }

    public GraphBuildOptions Options { get; }

    public Urn RootUrn { get; }

    public Dictionary<string, PropertyValue> Variables { get; }

    public Dictionary<string, DocumentNode> Nodes { get; }

    public List<DocumentNode> Ordered { get; }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>The per-stack resources that belong to no document, in creation order.</summary>
    public List<ResourceDraft> Implicit { get; } = [];

    public bool HasErrors => _diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>Document names in ordinal order, for suggestions.</summary>
    public string[] SortedNames => _sortedNames ??= Nodes.Keys.Order(StringComparer.Ordinal).ToArray();

    public void Error(string code, SourceLocation location, string template, params object?[] arguments) =>
        _diagnostics.Add(Diagnostic.Error(code, DiagnosticMessages.Format(template, arguments), location));

    public void Warning(string code, SourceLocation location, string template, params object?[] arguments) =>
        _diagnostics.Add(Diagnostic.Warning(code, DiagnosticMessages.Format(template, arguments), location));

    /// <summary>The did-you-mean suffix for <paramref name="name"/>, or empty.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates)
    {
        var suggestion = NameSuggester.Suggest(name, candidates);
        return suggestion is null ? string.Empty : DiagnosticMessages.Format(DiagnosticMessages.DidYouMean, suggestion);
    }

    /// <summary>The physical name of a resource: <c>{project}-{stack}-{parts...}</c>.</summary>
    public string PhysicalName(params string[] parts) => $"{Project}-{Stack}-{string.Join('-', parts)}";

    /// <summary>The name of the per-stack resources: <c>{project}-{stack}</c>.</summary>
    public string StackResourceName => $"{Project}-{Stack}";

    public Urn ChildUrn(DocumentNode node, ResourceType type, string name) =>
        Urn.Create(Stack, Project, node.IsCloudNeutral ? node.Type.Token : null, type, name);

    public Urn TopUrn(ResourceType type, string name) => Urn.Create(Stack, Project, null, type, name);

    public ObjectValue ProviderSettings(ProviderName provider) =>
        Definition.Providers.GetValueOrDefault(provider.Value) ?? ObjectValue.Empty;

    public SourceLocation ProviderSettingsLocation(ProviderName provider) =>
        Definition.LocationOf($"spec.providers.{provider.Value}");

    /// <summary>Adds a custom resource as a child of a document's component.</summary>
    public ResourceDraft AddChild(DocumentNode node, ResourceType type, string name, ObjectValue inputs, params (string Input, string SpecKey)[] locations)
    {
        var draft = new ResourceDraft(node, ChildUrn(node, type, name), type, true, node.Urn, inputs, node.Document.Location);
        foreach (var (input, specKey) in locations)
        {
            draft.PropertyLocations[input] = node.LocationOf(specKey);
        }

        node.Resources.Add(draft);
        return draft;
    }

    /// <summary>The URN of the implicit libvirt pool (whether or not it was created yet).</summary>
    public Urn PoolUrn => TopUrn(PoolType, StackResourceName);

    /// <summary>The URN of the implicit Azure resource group.</summary>
    public Urn ResourceGroupUrn => TopUrn(ResourceGroupType, StackResourceName);

    /// <summary>Creates the stack's libvirt storage pool on first use.</summary>
    public Urn EnsurePool()
    {
        if (_pool is null)
        {
            var name = StackResourceName;
            _pool = new ResourceDraft(null, PoolUrn, PoolType, true, RootUrn, Values.Obj(
                ("name", Values.Str(name)),
                ("type", Values.Str("dir")),
                ("path", Values.Str("/var/lib/infra-gitops/pools/" + name))), Definition.Location);
            Implicit.Add(_pool);
        }

        return _pool.Urn;
    }

    /// <summary>Creates the stack's Azure resource group on first use; its location comes from the provider settings.</summary>
    public Urn EnsureResourceGroup(SourceLocation usedAt)
    {
        if (_resourceGroup is null)
        {
            var settings = ProviderSettings(ProviderName.Azure);
            var location = settings["location"];
            if (location is not StringValue)
            {
                Error(DiagnosticMessages.MissingProviderSettingCode, usedAt, DiagnosticMessages.MissingProviderSetting, "azure", "location");
            }

            _resourceGroup = new ResourceDraft(null, ResourceGroupUrn, ResourceGroupType, true, RootUrn, Values.Obj(
                ("name", Values.Str(StackResourceName)),
                ("location", location as StringValue)), Definition.Location);
            Implicit.Add(_resourceGroup);
        }

        return _resourceGroup.Urn;
    }
}
