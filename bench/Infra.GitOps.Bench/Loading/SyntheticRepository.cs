using System.Globalization;
using System.Text;

namespace Infra.GitOps.Bench.Loading;

/// <summary>
/// Writes a synthetic, valid infra repository for benchmarks: <c>Pulumi.yaml</c>, one stack file whose sources
/// cover every file, and <c>resources</c> documents spread evenly over <c>files</c> files under <c>infra/</c>.
/// Documents cycle through every kind (Network with subnets and firewall rules, Disk, VirtualMachine, Bucket,
/// Resource, Kubernetes Deployment) and every provider, and refer to each other (<c>${net-0.id}</c>,
/// <c>network:</c>, <c>disks:</c>, <c>dependsOn</c>), so that graph translation has real edges to build. The
/// repository compiles without errors (kubernetes groups get a StatefulSet where the others get a VirtualMachine).
/// Deterministic: the same arguments always write the same bytes.
/// </summary>
public static class SyntheticRepository
{
    /// <summary>The stack's name.</summary>
    public const string StackName = "bench";

    private static readonly string[] Providers = ["libvirt", "aws", "azure", "kubernetes"];

    /// <summary>Writes the repository into <paramref name="directory"/> (created if needed).</summary>
    public static async Task WriteAsync(string directory, int resources, int files, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(files, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resources, files);
        Directory.CreateDirectory(Path.Combine(directory, "stacks"));
        await File.WriteAllTextAsync(Path.Combine(directory, "Pulumi.yaml"), "name: synthetic\ndescription: Synthetic benchmark repository\nruntime: yaml\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "stacks", StackName + ".yaml"), Stack, cancellationToken);

        var text = new StringBuilder();
        var next = 0;
        for (var file = 0; file < files; file++)
        {
            var end = (int)((long)resources * (file + 1) / files);
            text.Clear();
            for (; next < end; next++)
            {
                if (text.Length > 0)
                {
                    text.Append("---\n");
                }

                AppendDocument(text, next);
            }

            var folder = Path.Combine(directory, "infra", "group-" + (file % 10).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, $"file-{file:D4}.yaml"), text.ToString(), cancellationToken);
        }
    }

    private const string Stack = """
        apiVersion: infra.gitops/v1
        kind: Stack
        metadata:
          name: bench
        spec:
          sources: ["infra/**/*.yaml"]
          providers:
            libvirt: { uri: "qemu:///system" }
            aws: { region: eu-west-1 }
            azure: { subscriptionId: 00000000-0000-0000-0000-000000000000, location: westeurope }
            kubernetes: { context: kind-bench, namespace: default }
          variables:
            vmMemory: 256
            environment: bench
          secrets:
            dbPassword: { fromEnv: DB_PASSWORD }
          reconcile:
            maxDeletes: 50
            driftSchedule: "*/30 * * * *"

        """;

    private static void AppendDocument(StringBuilder text, int i)
    {
        var provider = Providers[(i / 6) % Providers.Length];
        var group = i - (i % 6);
        var network = "net-" + group.ToString(CultureInfo.InvariantCulture);
        switch (i % 6)
        {
            case 0:
                var b = (group / 6) % 256;
                var a = (group / 6 / 256) % 256;
                text.Append(CultureInfo.InvariantCulture, $"""
                    apiVersion: infra.gitops/v1
                    kind: Network
                    metadata:
                      name: {network}
                      labels: {"{"} tier: network, env: bench {"}"}
                    spec:
                      provider: {provider}
                      cidr: 10.{a}.{b}.0/24
                      mode: {(provider == "libvirt" ? "isolated" : "routed")}
                      subnets:
                        - {"{"} name: front, cidr: 10.{a}.{b}.0/25 {"}"}
                        - {"{"} name: back, cidr: 10.{a}.{b}.128/25 {"}"}
                      firewall:
                        - name: web
                          protocol: tcp
                          ports: [80, 443, "8000-8080"]
                          sources: [0.0.0.0/0]
                        - name: out
                          direction: egress
                          protocol: all
                          destinations: [10.0.0.0/8]

                    """);
                break;
            case 1:
                text.Append(CultureInfo.InvariantCulture, $"""
                    apiVersion: infra.gitops/v1
                    kind: Disk
                    metadata:
                      name: disk-{i}
                    spec:
                      provider: {provider}
                      sizeGb: {1 + (i % 100)}
                      type: {(i % 2 == 0 ? "standard" : "ssd")}

                    """);
                break;
            case 2 when provider == "kubernetes":
                // Kubernetes cannot serve a VirtualMachine: its groups get a workload of the same name instead.
                text.Append(CultureInfo.InvariantCulture, $"""
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata:
                      name: vm-{i}
                      namespace: default
                      labels: {"{"} role: web {"}"}
                    spec:
                      replicas: 2
                      serviceName: vm-{i}
                      selector:
                        matchLabels: {"{"} app: vm-{i} {"}"}
                      template:
                        metadata:
                          labels: {"{"} app: vm-{i} {"}"}
                        spec:
                          containers:
                            - name: main
                              image: busybox:1.36
                              env:
                                - {"{"} name: NETWORK, value: "${"{"}{network}.id{"}"}" {"}"}
                                - {"{"} name: STACK, value: "${"{"}stack{"}"}" {"}"}
                          volumes:
                            - name: data
                              persistentVolumeClaim: {"{"} claimName: "${"{"}disk-{i - 1}.name{"}"}" {"}"}
                    options:
                      dependsOn: [{network}]

                    """);
                break;
            case 2:
                var (size, image) = provider switch
                {
                    "aws" => ("t3.micro", "ami-0abcdef1234567890"),
                    "azure" => ("Standard_B2s", "Canonical:ubuntu-24_04-lts:server:latest"),
                    _ => ("small", "builtin:tiny"),
                };
                text.Append(CultureInfo.InvariantCulture, $"""
                    apiVersion: infra.gitops/v1
                    kind: VirtualMachine
                    metadata:
                      name: vm-{i}
                      labels: {"{"} role: web {"}"}
                    spec:
                      provider: {provider}
                      size: {size}
                      memoryMiB: ${"{"}var.vmMemory{"}"}
                      image: "{image}"
                      network: {network}
                      subnet: front
                      disks: [disk-{i - 1}]
                      count: 2
                      userData: "#cloud-config\nruncmd: [echo ${"{"}{network}.id{"}"} ${"{"}stack{"}"}]"
                    options:
                      dependsOn: [{network}]

                    """);
                break;
            case 3:
                text.Append(CultureInfo.InvariantCulture, $"""
                    apiVersion: infra.gitops/v1
                    kind: Bucket
                    metadata:
                      name: bucket-{i}
                    spec:
                      provider: {(i % 2 == 0 ? "aws" : "azure")}
                      versioning: true
                    options:
                      protect: true
                      retainOnDelete: true

                    """);
                break;
            case 4:
                text.Append(CultureInfo.InvariantCulture, $"""
                    apiVersion: infra.gitops/v1
                    kind: Resource
                    metadata:
                      name: res-{i}
                    spec:
                      type: aws:ec2/securityGroup:SecurityGroup
                      properties:
                        description: "for ${"{"}vm-{i - 2}.name{"}"}"
                        vpcId: ${"{"}{network}.id{"}"}
                        ingress:
                          - {"{"} fromPort: 443, toPort: 443, protocol: tcp, cidrBlocks: ["${"{"}{network}.cidr{"}"}"] {"}"}
                        tags: {"{"} env: "${"{"}var.environment{"}"}", owner: platform {"}"}
                    options:
                      ignoreChanges: [tags]

                    """);
                break;
            default:
                text.Append(CultureInfo.InvariantCulture, $"""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: app-{i}
                      namespace: default
                    spec:
                      replicas: 2
                      selector:
                        matchLabels: {"{"} app: app-{i} {"}"}
                      template:
                        metadata:
                          labels: {"{"} app: app-{i} {"}"}
                        spec:
                          containers:
                            - name: web
                              image: nginx:1.27
                              env:
                                - {"{"} name: BACKEND, value: "${"{"}vm-{i - 3}.ipAddress{"}"}" {"}"}
                    options:
                      dependsOn: [bucket-{i - 2}]

                    """);
                break;
        }
    }
}
