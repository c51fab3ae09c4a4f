using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>The state of one <see cref="GraphBuilder.Build"/> call: documents by name, diagnostics, the
/// implicit per-stack resources. One per build. The documents' passes run in parallel, so what they share is
/// thread-safe: diagnostics are added under a lock (and sorted at the end), and the implicit resources are created
/// once under a lock and depend only on the documents that use them, never on which thread came first.</summary>
internal sealed class GraphBuildContext
{
    public static readonly ResourceType PoolType = new("libvirt:index/pool:Pool");
    public static readonly ResourceType ResourceGroupType = new("azure:core/resourceGroup:ResourceGroup");

    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Lock _implicitLock = new();
    private string[]? _sortedNames;
    private ResourceDraft? _pool;
    private int _poolFirstUser = int.MaxValue;
    private ResourceDraft? _resourceGroup;
    private DocumentNode? _resourceGroupFirstUser;

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

    /// <summary>The diagnostics so far, in no particular order (passes run in parallel): read it only between
    /// passes, and sort it.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>
    /// The per-stack resources that belong to no document, in the order of their first users in the document
    /// order (as a sequential translation would have created them).
    /// </summary>
    public List<ResourceDraft> Implicit
    {
        get
        {
            List<ResourceDraft> implicitResources = [];
            if (_pool is not null)
            {
                implicitResources.Add(_pool);
            }

            if (_resourceGroup is not null)
            {
                implicitResources.Insert(_resourceGroupFirstUser!.Index < _poolFirstUser ? 0 : implicitResources.Count, _resourceGroup); // set with _resourceGroup
            }

            return implicitResources;
        }
    }

    public bool HasErrors
    {
        get
        {
            lock (_diagnostics)
            {
                return _diagnostics.Any(d => d.Severity == Severity.Error);
            }
        }
    }

    /// <summary>Document names in ordinal order, for suggestions.</summary>
    public string[] SortedNames => LazyInitializer.EnsureInitialized(ref _sortedNames, () => Nodes.Keys.Order(StringComparer.Ordinal).ToArray());

    public void Error(string code, SourceLocation location, string template, params object?[] arguments) =>
        Add(Diagnostic.Error(code, DiagnosticMessages.Format(template, arguments), location));

    public void Warning(string code, SourceLocation location, string template, params object?[] arguments) =>
        Add(Diagnostic.Warning(code, DiagnosticMessages.Format(template, arguments), location));

    private void Add(Diagnostic diagnostic)
    {
        lock (_diagnostics)
        {
            _diagnostics.Add(diagnostic);
        }
    }

    /// <summary>The did-you-mean suffix for <paramref name="name"/>, or empty.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates)
    {
        var suggestion = NameSuggester.Suggest(name, candidates);
        return suggestion is null ? string.Empty : DiagnosticMessages.Format(DiagnosticMessages.DidYouMean, suggestion);
    }

    /// <summary>The physical name of a resource: <c>{project}-{stack}-{parts...}</c>.</summary>
    public string PhysicalName(params string[] parts) => $"{Project}-{Stack}-{string.Join('-', parts)}";

    /// <summary>The physical name <c>{project}-{stack}-{part}</c> (no parts array, one string).</summary>
    public string PhysicalName(string part) => $"{Project}-{Stack}-{part}";

    /// <summary>The physical name <c>{project}-{stack}-{first}-{second}</c> (no parts array, one string).</summary>
    public string PhysicalName(string first, string second) => $"{Project}-{Stack}-{first}-{second}";

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

    /// <summary>Creates the stack's libvirt storage pool on first use (by <paramref name="user"/>).</summary>
    public Urn EnsurePool(DocumentNode user)
    {
        lock (_implicitLock)
        {
            if (_pool is null)
            {
                var name = StackResourceName;
                _pool = new ResourceDraft(null, PoolUrn, PoolType, true, RootUrn, Values.Obj(
                    ("name", Values.Str(name)),
                    ("type", Values.Str("dir")),
                    ("path", Values.Str("/var/lib/infra-gitops/pools/" + name))), Definition.Location);
            }

            _poolFirstUser = Math.Min(_poolFirstUser, user.Index);
            return _pool.Urn;
        }
    }

    /// <summary>Creates the stack's Azure resource group on first use (by <paramref name="user"/>); its location
    /// comes from the provider settings (see <see cref="CompleteImplicit"/>).</summary>
    public Urn EnsureResourceGroup(DocumentNode user)
    {
        lock (_implicitLock)
        {
            _resourceGroup ??= new ResourceDraft(null, ResourceGroupUrn, ResourceGroupType, true, RootUrn, Values.Obj(
                ("name", Values.Str(StackResourceName)),
                ("location", ProviderSettings(ProviderName.Azure)["location"] as StringValue)), Definition.Location);
            if (_resourceGroupFirstUser is null || user.Index < _resourceGroupFirstUser.Index)
            {
                _resourceGroupFirstUser = user;
            }

            return _resourceGroup.Urn;
        }
    }

    /// <summary>
    /// After every document is translated: reports a resource group without a location at its first user in
    /// document order (whichever thread translated which document).
    /// </summary>
    public void CompleteImplicit()
    {
        if (_resourceGroupFirstUser is { } user && ProviderSettings(ProviderName.Azure)["location"] is not StringValue)
        {
            Error(DiagnosticMessages.MissingProviderSettingCode, user.Document.LocationOf("spec.provider"), DiagnosticMessages.MissingProviderSetting, "azure", "location");
        }
    }
}
