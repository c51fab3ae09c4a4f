using System.Collections.Concurrent;
using System.Collections.Immutable;
using Infra.GitOps.Graph.Translation;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph;

/// <summary>
/// Translates a loaded stack into its <see cref="ResourceGraph"/>, Pulumi style: the root
/// <c>pulumi:pulumi:Stack</c> resource; one component (<c>infra:index:&lt;Kind&gt;</c>) per cloud-neutral
/// document whose children are the provider's resources; one resource per <c>kind: Resource</c> and Kubernetes
/// object. Expressions are resolved (variables, stack and project become text, secrets become
/// <see cref="SecretValue"/>s, outputs become <see cref="ReferenceValue"/>s to the custom resources that produce
/// them), references and <c>dependsOn</c> become dependency edges (on a component document: on all of its
/// custom resources, since Pulumi waits for a component's children), and the resources are ordered
/// topologically (Kahn's algorithm, ties broken by ordinal URN: root first, parents before children).
/// </summary>
/// <remarks>
/// Pure CPU, no I/O but the injected <see cref="GraphBuildOptions.EnvironmentLookup"/> and
/// <see cref="GraphBuildOptions.SecretDecrypter"/> (called once per secret, never concurrently); deterministic (the
/// same input gives the same graph, byte for byte once rendered, and the same sorted diagnostics); linear in the
/// size of the stack but for sorting. The per-document passes (classify, resolve, check, translate) and the
/// per-resource dependency sets of a big stack run in parallel over contiguous ranges of documents (each pass
/// writes only its own document's state; diagnostics are sorted at the end); the passes themselves, cycle
/// detection and the topological order stay sequential. Every problem in the input is a
/// <see cref="Diagnostic"/> (GO2xxx, <see cref="DiagnosticMessages"/>) at the location of the offending value,
/// all collected in one pass; the result's value is null when any is an error.
/// </remarks>
public static class GraphBuilder
{
    /// <summary>The package of the component types.</summary>
    public const string ComponentPackage = "infra";

    /// <summary>Builds the graph of <paramref name="stack"/>; never throws for bad input.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static LoadResult<ResourceGraph> Build(InfraProject project, LoadedStack stack, GraphBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);

        var context = new GraphBuildContext(project, stack, options);
        var resolver = new ExpressionResolver(context);

        ForEachDocument(context, node => Classify(context, node));

        foreach (var node in context.Ordered)
        {
            if (node.Kind == DocumentKind.VirtualMachine)
            {
                ResolveCount(context, resolver, node);
            }
        }

        // Resolving reads other documents' validity, count and raw spec only (all settled above), never their
        // resolved spec: documents resolve independently.
        ForEachDocument(context, node =>
        {
            node.Spec = (ObjectValue)resolver.Resolve(node, node.Document.Spec, node.Kind == DocumentKind.KubernetesObject ? string.Empty : "spec");
            CheckDependsOn(context, node);
            if (node.Kind == DocumentKind.VirtualMachine)
            {
                CheckVirtualMachineLinks(context, node);
            }
        });

        var cyclic = ReportCycles(context);
        if (!cyclic)
        {
            // Translating reads other documents' resolved specs (settled above) and adds resources to its own.
            ForEachDocument(context, node =>
            {
                if (node.Valid)
                {
                    Translate(context, node);
                }
            });
            context.CompleteImplicit();
        }

        if (context.HasErrors)
        {
            return LoadResult<ResourceGraph>.Failure(context.Diagnostics.Distinct());
        }

        var resources = Order(context);
        var diagnostics = context.Diagnostics.Distinct().Order().ToImmutableArray();
        if (resources is null || diagnostics.Any(d => d.Severity == Severity.Error))
        {
            return LoadResult<ResourceGraph>.Failure(diagnostics);
        }

        var graph = new ResourceGraph(context.Project, context.Stack, resources.Value, stack.Definition.Providers);
        return new LoadResult<ResourceGraph>(graph, diagnostics);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on every document: for a big stack, in parallel over contiguous ranges of the
    /// document order (the calling thread takes part); returns when every document is done.
    /// </summary>
    private static void ForEachDocument(GraphBuildContext context, Action<DocumentNode> action)
    {
        var nodes = context.Ordered;
        ForEachIndex(context, nodes.Count, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                action(nodes[i]);
            }
        });
    }

    /// <summary>Runs <paramref name="range"/> over [0, <paramref name="count"/>) split in contiguous ranges, in
    /// parallel when <paramref name="count"/> reaches <see cref="GraphBuildOptions.ParallelThreshold"/>.</summary>
    private static void ForEachIndex(GraphBuildContext context, int count, Action<int, int> range)
    {
        var workers = Environment.ProcessorCount;
        if (count == 0 || count < context.Options.ParallelThreshold || workers == 1)
        {
            range(0, count);
            return;
        }

        // A few ranges per worker, so that a worker slowed by the machine's load does not hold up the pass.
        var size = Math.Max(1, count / (workers * 4));
        Parallel.ForEach(Partitioner.Create(0, count, size), r => range(r.Item1, r.Item2));
    }

    private static bool IsKnownProvider(string provider)
    {
        var known = ProviderName.Known;
        for (var i = 0; i < known.Count; i++)
        {
            if (string.Equals(known[i].Value, provider, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The providers that can serve each cloud-neutral kind.</summary>
    internal static IReadOnlyList<string> ProvidersFor(DocumentKind kind) => kind switch
    {
        DocumentKind.Network => ["libvirt", "aws", "azure", "kubernetes"],
        DocumentKind.Disk => ["libvirt", "aws", "azure", "kubernetes"],
        DocumentKind.VirtualMachine => ["libvirt", "aws", "azure"],
        DocumentKind.Bucket => ["aws", "azure"],
        _ => [],
    };

    private static void Classify(GraphBuildContext context, DocumentNode node)
    {
        var document = node.Document;
        switch (node.Kind)
        {
            case DocumentKind.Resource:
                var token = Values.GetString(document.Spec, "type") ?? string.Empty;
                node.Type = new ResourceType(token);
                if (!node.Type.IsValid)
                {
                    context.Error(DiagnosticMessages.UnresolvableTypeTokenCode, document.LocationOf("spec.type"), DiagnosticMessages.UnresolvableTypeToken, token);
                    node.Valid = false;
                    return;
                }

                break;
            case DocumentKind.KubernetesObject:
                node.Type = KubernetesTranslator.TypeOf(document.ApiVersion, document.KindName);
                break;
            default:
                node.Type = new ResourceType($"{ComponentPackage}:index:{node.Kind}");
                var provider = document.Provider.Value ?? string.Empty;
                if (!IsKnownProvider(provider))
                {
                    context.Error(DiagnosticMessages.UnknownProviderCode, document.LocationOf("spec.provider"), DiagnosticMessages.UnknownProvider, provider, string.Join(", ", ProviderName.Known.Select(p => p.Value)));
                    node.Valid = false;
                }
                else if (!ProvidersFor(node.Kind).Contains(provider, StringComparer.Ordinal))
                {
                    context.Error(DiagnosticMessages.KindNotSupportedCode, document.LocationOf("spec.provider"), DiagnosticMessages.KindNotSupported, provider, document.KindName, string.Join(", ", ProvidersFor(node.Kind)));
                    node.Valid = false;
                }

                break;
        }

        node.Urn = context.TopUrn(node.Type, node.Name);
    }

    private static void ResolveCount(GraphBuildContext context, ExpressionResolver resolver, DocumentNode node)
    {
        if (node.Document.Spec["count"] is not { } raw)
        {
            return;
        }

        var before = context.Diagnostics.Count;
        var value = resolver.Resolve(node, raw, "spec.count", allowReferences: false);
        if (context.Diagnostics.Count != before)
        {
            node.Valid = false;
            return;
        }

        if (value is NumberValue n && n.Value == Math.Floor(n.Value) && n.Value is >= 1 and <= 100)
        {
            node.Count = (int)n.Value;
        }
        else
        {
            context.Error(DiagnosticMessages.InvalidValueCode, node.Document.LocationOf("spec.count"), DiagnosticMessages.InvalidValue, "spec.count", "a whole number from 1 to 100", value);
            node.Valid = false;
        }
    }

    private static void CheckDependsOn(GraphBuildContext context, DocumentNode node)
    {
        var dependsOn = node.Document.Options.DependsOn;
        for (var i = 0; i < dependsOn.Length; i++)
        {
            var name = dependsOn[i];
            var location = node.Document.LocationOf($"options.dependsOn[{i}]");
            if (name == node.Name)
            {
                context.Error(DiagnosticMessages.SelfReferenceCode, location, DiagnosticMessages.SelfReference, node.Name);
            }
            else if (!context.Nodes.ContainsKey(name))
            {
                context.Error(DiagnosticMessages.MissingDocumentCode, location, DiagnosticMessages.MissingDocument, "options.dependsOn", "document", name, GraphBuildContext.DidYouMean(name, context.SortedNames));
            }
            else
            {
                node.AddEdge(name, location);
            }
        }
    }

    private static void CheckVirtualMachineLinks(GraphBuildContext context, DocumentNode node)
    {
        var spec = node.Document.Spec;
        var networkName = Values.GetString(spec, "network");
        if (networkName is not null)
        {
            var network = CheckLink(context, node, "spec.network", networkName, DocumentKind.Network);
            var subnet = Values.GetString(spec, "subnet");
            if (network is not null && subnet is not null)
            {
                var subnets = Values.GetArray(network.Document.Spec, "subnets").OfType<ObjectValue>()
                    .Select(s => Values.GetString(s, "name")).OfType<string>().ToList();
                if (!subnets.Contains(subnet, StringComparer.Ordinal))
                {
                    context.Error(DiagnosticMessages.UnknownSubnetCode, node.Document.LocationOf("spec.subnet"), DiagnosticMessages.UnknownSubnet, network.Name, subnet, subnets.Count == 0 ? "none" : string.Join(", ", subnets));
                }
            }
        }

        var disks = Values.GetArray(spec, "disks");
        for (var i = 0; i < disks.Length; i++)
        {
            if (disks[i] is StringValue disk)
            {
                CheckLink(context, node, $"spec.disks[{i}]", disk.Value, DocumentKind.Disk);
            }
        }
    }

    /// <summary>Checks that a field names a document of the expected kind on the same provider; adds the edge.</summary>
    private static DocumentNode? CheckLink(GraphBuildContext context, DocumentNode node, string path, string name, DocumentKind expected)
    {
        var location = node.Document.LocationOf(path);
        var field = path.Split('[')[0];
        if (name == node.Name)
        {
            context.Error(DiagnosticMessages.SelfReferenceCode, location, DiagnosticMessages.SelfReference, node.Name);
            return null;
        }

        if (!context.Nodes.TryGetValue(name, out var target))
        {
            var candidates = context.Ordered.Where(n => n.Kind == expected).Select(n => n.Name);
            context.Error(DiagnosticMessages.MissingDocumentCode, location, DiagnosticMessages.MissingDocument, field, expected, name, GraphBuildContext.DidYouMean(name, candidates));
            return null;
        }

        if (target.Kind != expected)
        {
            context.Error(DiagnosticMessages.WrongDocumentKindCode, location, DiagnosticMessages.WrongDocumentKind, field, expected, name, target.Document.KindName);
            return null;
        }

        node.AddEdge(name, location);
        if (target.Document.Provider != node.Document.Provider)
        {
            context.Error(DiagnosticMessages.CrossProviderReferenceCode, location, DiagnosticMessages.CrossProviderReference, node.Name, node.Document.Provider, name, target.Document.Provider);
            return null;
        }

        return target;
    }

    private static bool ReportCycles(GraphBuildContext context)
    {
        var cycles = DependencyCycles.Find(context.Ordered, context.Nodes);
        foreach (var cycle in cycles)
        {
            var first = context.Nodes[cycle[0]];
            context.Error(DiagnosticMessages.DependencyCycleCode, first.Edges[cycle[1]], DiagnosticMessages.DependencyCycle, string.Join(" -> ", cycle));
        }

        return cycles.Count > 0;
    }

    private static void Translate(GraphBuildContext context, DocumentNode node)
    {
        var document = node.Document;
        switch (node.Kind)
        {
            case DocumentKind.Resource:
            {
                var inputs = node.Spec["properties"] as ObjectValue ?? ObjectValue.Empty;
                var draft = new ResourceDraft(node, node.Urn, node.Type, true, context.RootUrn, inputs, document.Location);
                foreach (var key in inputs.Properties.Keys)
                {
                    draft.PropertyLocations[key] = document.LocationOf("spec.properties", key);
                }

                node.Resources.Add(draft);
                break;
            }

            case DocumentKind.KubernetesObject:
            {
                var draft = new ResourceDraft(node, node.Urn, node.Type, true, context.RootUrn, node.Spec, document.Location);
                foreach (var key in node.Spec.Properties.Keys)
                {
                    draft.PropertyLocations[key] = document.LocationOf(key);
                }

                node.Resources.Add(draft);
                break;
            }

            default:
            {
                var display = node.Spec.With("provider", new StringValue(document.Provider.Value));
                var component = new ResourceDraft(node, node.Urn, node.Type, false, context.RootUrn, display, document.Location);
                foreach (var key in display.Properties.Keys)
                {
                    component.PropertyLocations[key] = document.LocationOf("spec", key);
                }

                node.Resources.Add(component);
                switch (document.Provider.Value)
                {
                    case "libvirt":
                        LibvirtTranslator.Translate(context, node);
                        break;
                    case "aws":
                        AwsTranslator.Translate(context, node);
                        break;
                    case "azure":
                        AzureTranslator.Translate(context, node);
                        break;
                    case "kubernetes":
                        KubernetesTranslator.Translate(context, node);
                        break;
                }

                break;
            }
        }
    }

    /// <summary>Dependencies, then Kahn's algorithm; null when the resource graph has a cycle the document
    /// check could not see (reported as a diagnostic).</summary>
    private static ImmutableArray<GraphResource>? Order(GraphBuildContext context)
    {
        var drafts = context.Implicit;
        foreach (var node in context.Ordered)
        {
            drafts.AddRange(node.Resources);
        }

        ForEachDocument(context, node => node.CustomUrns = CustomUrns(node.Resources));

        var byUrn = new Dictionary<Urn, int>(drafts.Count + 1, UrnTailComparer.Instance) { [context.RootUrn] = 0 };
        for (var i = 0; i < drafts.Count; i++)
        {
            if (!byUrn.TryAdd(drafts[i].Urn, i + 1))
            {
                context.Error(DiagnosticMessages.DuplicateUrnCode, drafts[i].Location, DiagnosticMessages.DuplicateUrn, drafts[i].Urn);
            }
        }

        if (context.HasErrors)
        {
            return null;
        }

        var count = drafts.Count + 1;
        var dependencies = new ImmutableArray<Urn>[count];
        var propertyDependencies = new ImmutableSortedDictionary<string, ImmutableArray<Urn>>[count];
        var propertyLocations = new ImmutableDictionary<string, SourceLocation>[count];
        var selfReferences = new bool[count];
        var dependents = new List<int>?[count];
        var inDegree = new int[count];
        dependencies[0] = [];
        propertyDependencies[0] = ImmutableSortedDictionary.Create<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
        propertyLocations[0] = ImmutableDictionary<string, SourceLocation>.Empty;
        var noPropertyLocations = ImmutableDictionary<string, SourceLocation>.Empty.WithComparers(StringComparer.Ordinal);

        // Each resource's own dependency sets depend on nothing but its draft and the documents: in parallel, beside
        // the ranks of the URNs for the topological order's tie-break.
        int[] ranks = [];
        Parallel.Invoke(() => ranks = OrdinalRanks(context.RootUrn, drafts), () => ForEachIndex(context, count - 1, (from, to) =>
        {
            // Scratch lists reused for every draft of the range (sorted and de-duplicated by hand): a graph of tens of
            // thousands of resources must not allocate a sorted set, and an empty builder, per resource.
            var referenced = new List<Urn>();
            var all = new List<Urn>();
            for (var i = from + 1; i <= to; i++)
            {
                var draft = drafts[i - 1];
                (dependencies[i], propertyDependencies[i], selfReferences[i]) = DependenciesOf(context, draft, propertyDependencies[0], referenced, all);
                propertyLocations[i] = draft.PropertyLocations.Count == 0
                    ? noPropertyLocations
                    : draft.PropertyLocations.ToImmutable();
            }
        }));

        void AddEdge(int from, int to)
        {
            (dependents[from] ??= []).Add(to);
            inDegree[to]++;
        }

        for (var i = 1; i < count; i++)
        {
            var parent = drafts[i - 1].Parent is { } p && byUrn.TryGetValue(p, out var parentIndex) ? parentIndex : 0;
            AddEdge(parent, i);
            foreach (var dependency in dependencies[i])
            {
                if (byUrn.TryGetValue(dependency, out var from) && from != parent)
                {
                    AddEdge(from, i);
                }
            }

            if (selfReferences[i] && i != parent)
            {
                // A resource that references itself never becomes ready: reported as a cycle below.
                AddEdge(i, i);
            }
        }

        // Ready resources come out in ordinal URN order: by rank (URNs are distinct here), a number to compare.
        var queue = new PriorityQueue<int, int>();
        for (var i = 0; i < count; i++)
        {
            if (inDegree[i] == 0)
            {
                queue.Enqueue(i, ranks[i]);
            }
        }

        var ordered = ImmutableArray.CreateBuilder<GraphResource>(count);
        var rootLocation = context.Definition.Location;
        while (queue.TryDequeue(out var i, out _))
        {
            if (i == 0)
            {
                ordered.Add(new GraphResource(
                    context.RootUrn, ResourceType.Stack, false, null, null, ObjectValue.Empty, [], propertyDependencies[0],
                    ResourceOptions.Default, rootLocation, propertyLocations[0]));
            }
            else
            {
                var draft = drafts[i - 1];
                var provider = draft.Custom ? new ProviderName(draft.Type.Package) : (ProviderName?)null;
                ordered.Add(new GraphResource(
                    draft.Urn, draft.Type, draft.Custom, draft.Parent, provider, draft.Inputs, dependencies[i], propertyDependencies[i],
                    draft.Owner?.Document.Options ?? ResourceOptions.Default, draft.Location, propertyLocations[i]));
            }

            foreach (var next in dependents[i] ?? [])
            {
                if (--inDegree[next] == 0)
                {
                    queue.Enqueue(next, ranks[next]);
                }
            }
        }

        if (ordered.Count != count)
        {
            var stuck = Enumerable.Range(1, count - 1).Where(i => inDegree[i] > 0).Select(i => drafts[i - 1].Urn.Name).Order(StringComparer.Ordinal).Take(10);
            context.Error(DiagnosticMessages.DependencyCycleCode, rootLocation, DiagnosticMessages.DependencyCycle, string.Join(" -> ", stuck));
            return null;
        }

        return ordered.MoveToImmutable();
    }

    /// <summary>The position of each URN (the root's, then the drafts') in ordinal order.</summary>
    private static int[] OrdinalRanks(Urn root, List<ResourceDraft> drafts)
    {
        var urns = new string[drafts.Count + 1];
        var indices = new int[urns.Length];
        urns[0] = root.Value;
        for (var i = 1; i < urns.Length; i++)
        {
            urns[i] = drafts[i - 1].Urn.Value;
            indices[i] = i;
        }

        Array.Sort(urns, indices, StringComparer.Ordinal);
        var ranks = new int[urns.Length];
        for (var k = 0; k < indices.Length; k++)
        {
            ranks[indices[k]] = k;
        }

        return ranks;
    }

    /// <summary>The URNs of the custom resources among <paramref name="resources"/>, ordinal order.</summary>
    private static Urn[] CustomUrns(List<ResourceDraft> resources)
    {
        var urns = new List<Urn>(resources.Count);
        foreach (var resource in resources)
        {
            if (resource.Custom)
            {
                urns.Add(resource.Urn);
            }
        }

        urns.Sort();
        return [.. urns];
    }

    /// <summary>
    /// A resource's dependencies (every URN its inputs reference, and the custom resources of the documents its own
    /// document depends on; sorted, distinct, itself left out), the referenced URNs per input property, and whether
    /// it references itself. <paramref name="referenced"/> and <paramref name="all"/> are scratch lists.
    /// </summary>
    private static (ImmutableArray<Urn> Dependencies, ImmutableSortedDictionary<string, ImmutableArray<Urn>> ByProperty, bool ReferencesItself) DependenciesOf(
        GraphBuildContext context,
        ResourceDraft draft,
        ImmutableSortedDictionary<string, ImmutableArray<Urn>> noPropertyDependencies,
        List<Urn> referenced,
        List<Urn> all)
    {
        all.Clear();
        ImmutableSortedDictionary<string, ImmutableArray<Urn>>.Builder? byProperty = null;
        foreach (var (key, value) in draft.Inputs.Properties)
        {
            if (!MayReference(value))
            {
                continue;
            }

            referenced.Clear();
            Values.CollectReferences(value, referenced);
            if (referenced.Count > 0)
            {
                all.AddRange(referenced);
                var urns = SortedDistinct(referenced, draft.Urn);
                if (urns.Length > 0)
                {
                    byProperty ??= ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
                    byProperty[key] = urns;
                }
            }
        }

        if (draft.Owner is { } owner)
        {
            foreach (var target in owner.Edges.Keys)
            {
                if (context.Nodes.TryGetValue(target, out var targetNode))
                {
                    all.AddRange(targetNode.CustomUrns);
                }
            }
        }

        var referencesItself = all.Contains(draft.Urn);
        return (SortedDistinct(all, draft.Urn), byProperty?.ToImmutable() ?? noPropertyDependencies, referencesItself);
    }

    /// <summary>
    /// <paramref name="urns"/> in ordinal order without duplicates and without <paramref name="self"/> (sorts the
    /// list in place).
    /// </summary>
    private static ImmutableArray<Urn> SortedDistinct(List<Urn> urns, Urn self)
    {
        if (urns.Count == 0)
        {
            return [];
        }

        urns.Sort();
        var builder = ImmutableArray.CreateBuilder<Urn>(urns.Count);
        for (var i = 0; i < urns.Count; i++)
        {
            if (urns[i] != self && (builder.Count == 0 || builder[^1] != urns[i]))
            {
                builder.Add(urns[i]);
            }
        }

        return builder.DrainToImmutable();
    }

    /// <summary>False for values that cannot hold a reference (scalars), to skip collecting them.</summary>
    private static bool MayReference(PropertyValue value) =>
        value is ReferenceValue or InterpolationValue or SecretValue or ArrayValue or ObjectValue;

    /// <summary>
    /// URN equality (ordinal) with a cheaper hash: URNs of one stack share a long prefix, so only the length and
    /// the last 32 characters (the end of the type and the name) are hashed.
    /// </summary>
    private sealed class UrnTailComparer : IEqualityComparer<Urn>
    {
        public static UrnTailComparer Instance { get; } = new();

        public bool Equals(Urn x, Urn y) => string.Equals(x.Value, y.Value, StringComparison.Ordinal);

        public int GetHashCode(Urn obj)
        {
            var value = obj.Value ?? string.Empty;
            return HashCode.Combine(value.Length, string.GetHashCode(value.AsSpan(Math.Max(0, value.Length - 32)), StringComparison.Ordinal));
        }
    }
}
