namespace Infra.GitOps.Loading;

/// <summary>Loading diagnostics (GO1xxx): files, YAML, schema and repository layout.</summary>
public static partial class DiagnosticMessages
{
    /// <summary>GO1001: YAML syntax error, as reported by the YAML parser. {0}: the parser's message.</summary>
    public const string YamlSyntaxCode = "GO1001";

    /// <summary>Template for <see cref="YamlSyntaxCode"/>.</summary>
    public const string YamlSyntax = "YAML syntax error: {0}";

    /// <summary>GO1002: a property the schema does not know.</summary>
    public const string UnknownPropertyCode = "GO1002";

    /// <summary>Template for <see cref="UnknownPropertyCode"/>. {0}: property; {1}: where (e.g. <c>spec of VirtualMachine 'web'</c>).</summary>
    public const string UnknownProperty = "unknown property '{0}' in {1}";

    /// <summary>Template for <see cref="UnknownPropertyCode"/> with a suggestion. {2}: the close known property.</summary>
    public const string UnknownPropertyDidYouMean = "unknown property '{0}' in {1} (did you mean '{2}'?)";

    /// <summary>GO1003: a tab character in a line's indentation.</summary>
    public const string TabIndentationCode = "GO1003";

    /// <summary>Template for <see cref="TabIndentationCode"/>. {0}: the tab's column.</summary>
    public const string TabIndentation = "tab character used for indentation at column {0}: YAML indentation must use spaces";

    /// <summary>GO1004: a key repeated within one mapping.</summary>
    public const string DuplicateKeyCode = "GO1004";

    /// <summary>Template for <see cref="DuplicateKeyCode"/>. {0}: key; {1}: line of its first occurrence.</summary>
    public const string DuplicateKey = "duplicate key '{0}' (first defined at line {1})";

    /// <summary>GO1005: a required property is missing.</summary>
    public const string MissingPropertyCode = "GO1005";

    /// <summary>Template for <see cref="MissingPropertyCode"/>. {0}: property path; {1}: where.</summary>
    public const string MissingProperty = "missing required property '{0}' in {1}";

    /// <summary>GO1006: an <c>infra.gitops/*</c> apiVersion other than v1.</summary>
    public const string UnknownApiVersionCode = "GO1006";

    /// <summary>Template for <see cref="UnknownApiVersionCode"/>. {0}: apiVersion; {1}: the supported one.</summary>
    public const string UnknownApiVersion = "unknown apiVersion '{0}' (supported: {1})";

    /// <summary>GO1007: an unknown kind in <c>infra.gitops/v1</c>.</summary>
    public const string UnknownKindCode = "GO1007";

    /// <summary>Template for <see cref="UnknownKindCode"/>. {0}: kind; {1}: the known kinds.</summary>
    public const string UnknownKind = "unknown kind '{0}' in infra.gitops/v1 (known kinds: {1})";

    /// <summary>Template for <see cref="UnknownKindCode"/> with a suggestion. {2}: the close kind.</summary>
    public const string UnknownKindDidYouMean = "unknown kind '{0}' in infra.gitops/v1 (did you mean '{2}'? known kinds: {1})";

    /// <summary>GO1008: a value of the wrong type.</summary>
    public const string WrongTypeCode = "GO1008";

    /// <summary>Template for <see cref="WrongTypeCode"/>. {0}: property path; {1}: expected (<c>an integer</c>); {2}: actual.</summary>
    public const string WrongType = "'{0}': expected {1}, got {2}";

    /// <summary>GO1009: a value outside an enumeration.</summary>
    public const string InvalidEnumValueCode = "GO1009";

    /// <summary>Template for <see cref="InvalidEnumValueCode"/>. {0}: value; {1}: property path; {2}: allowed values.</summary>
    public const string InvalidEnumValue = "invalid value '{0}' for '{1}': expected one of {2}";

    /// <summary>GO1010: an invalid IPv4 CIDR.</summary>
    public const string InvalidCidrCode = "GO1010";

    /// <summary>Template for <see cref="InvalidCidrCode"/>. {0}: value; {1}: property path; {2}: reason.</summary>
    public const string InvalidCidr = "invalid CIDR '{0}' for '{1}': {2}";

    /// <summary>Reason for <see cref="InvalidCidr"/>: not of the form <c>a.b.c.d/prefix</c>.</summary>
    public const string CidrMalformed = "expected an IPv4 CIDR 'a.b.c.d/prefix' with octets 0-255 and a prefix 0-32";

    /// <summary>Reason for <see cref="InvalidCidr"/>: host bits set. {0}: the canonical form.</summary>
    public const string CidrHostBits = "host bits must be zero (did you mean '{0}'?)";

    /// <summary>GO1011: a number outside its range.</summary>
    public const string OutOfRangeCode = "GO1011";

    /// <summary>Template for <see cref="OutOfRangeCode"/>. {0}: property path; {1}: min; {2}: max; {3}: value.</summary>
    public const string OutOfRange = "'{0}' must be between {1} and {2}, got {3}";

    /// <summary>GO1012: an invalid name.</summary>
    public const string InvalidNameCode = "GO1012";

    /// <summary>Template for <see cref="InvalidNameCode"/>. {0}: value; {1}: property path.</summary>
    public const string InvalidName = "invalid name '{0}' for '{1}': use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";

    /// <summary>GO1013: a subnet outside its network's CIDR.</summary>
    public const string SubnetOutsideNetworkCode = "GO1013";

    /// <summary>Template for <see cref="SubnetOutsideNetworkCode"/>. {0}: subnet name; {1}: its CIDR; {2}: the network's CIDR.</summary>
    public const string SubnetOutsideNetwork = "subnet '{0}' ({1}) is not inside the network's cidr {2}";

    /// <summary>GO1014: two subnets overlap.</summary>
    public const string SubnetsOverlapCode = "GO1014";

    /// <summary>Template for <see cref="SubnetsOverlapCode"/>. {0}: subnet; {1}: its CIDR; {2}: other subnet; {3}: its CIDR.</summary>
    public const string SubnetsOverlap = "subnet '{0}' ({1}) overlaps subnet '{2}' ({3})";

    /// <summary>GO1015: two documents of a stack share a name.</summary>
    public const string DuplicateDocumentNameCode = "GO1015";

    /// <summary>Template for <see cref="DuplicateDocumentNameCode"/>. {0}: name; {1}: stack; {2}: the first location.</summary>
    public const string DuplicateDocumentName = "duplicate document name '{0}' in stack '{1}' (first defined at {2})";

    /// <summary>GO1016: two stack documents share a name.</summary>
    public const string DuplicateStackNameCode = "GO1016";

    /// <summary>Template for <see cref="DuplicateStackNameCode"/>. {0}: name; {1}: the first location.</summary>
    public const string DuplicateStackName = "duplicate stack name '{0}' (first defined at {1})";

    /// <summary>GO1017: no <c>Pulumi.yaml</c> at the repository root.</summary>
    public const string MissingProjectFileCode = "GO1017";

    /// <summary>Template for <see cref="MissingProjectFileCode"/>. {0}: the tree's description.</summary>
    public const string MissingProjectFile = "no Pulumi.yaml at the root of {0}";

    /// <summary>GO1018: a document other than a Stack in a stack file.</summary>
    public const string NonStackDocumentCode = "GO1018";

    /// <summary>Template for <see cref="NonStackDocumentCode"/>. {0}: the document's kind.</summary>
    public const string NonStackDocument = "a stack file may only hold 'kind: Stack' documents, got '{0}'";

    /// <summary>GO1019: aliases expand to too many nodes (billion laughs).</summary>
    public const string AliasExpansionCode = "GO1019";

    /// <summary>Template for <see cref="AliasExpansionCode"/>. {0}: the limit.</summary>
    public const string AliasExpansion = "alias expansion exceeds {0} nodes in this file; the rest of the file is ignored";

    /// <summary>GO1020: a file over the size limit, not read.</summary>
    public const string FileTooLargeCode = "GO1020";

    /// <summary>Template for <see cref="FileTooLargeCode"/>. {0}: size in bytes; {1}: limit in bytes.</summary>
    public const string FileTooLarge = "file is {0} bytes, over the limit of {1} bytes; it was not read";

    /// <summary>GO1021: a file that is not valid UTF-8.</summary>
    public const string InvalidUtf8Code = "GO1021";

    /// <summary>Template for <see cref="InvalidUtf8Code"/>. {0}: byte offset.</summary>
    public const string InvalidUtf8 = "file is not valid UTF-8 (invalid byte sequence at byte offset {0})";

    /// <summary>GO1022: a binary file (NUL byte).</summary>
    public const string BinaryFileCode = "GO1022";

    /// <summary>Template for <see cref="BinaryFileCode"/>. {0}: byte offset.</summary>
    public const string BinaryFile = "file looks binary (NUL byte at byte offset {0}); YAML files must be UTF-8 text";

    /// <summary>GO1023 (warning): a file with no YAML document.</summary>
    public const string EmptyFileCode = "GO1023";

    /// <summary>Template for <see cref="EmptyFileCode"/>.</summary>
    public const string EmptyFile = "file holds no YAML document";

    /// <summary>GO1024 (warning): an empty document (<c>---</c> followed by nothing), ignored.</summary>
    public const string EmptyDocumentCode = "GO1024";

    /// <summary>Template for <see cref="EmptyDocumentCode"/>.</summary>
    public const string EmptyDocument = "empty document ignored";

    /// <summary>GO1025: an invalid glob in a stack's sources.</summary>
    public const string InvalidGlobCode = "GO1025";

    /// <summary>Template for <see cref="InvalidGlobCode"/>. {0}: glob; {1}: reason.</summary>
    public const string InvalidGlob = "invalid glob '{0}': {1}";

    /// <summary>Reason for <see cref="InvalidGlob"/>.</summary>
    public const string GlobParentSegment = "'..' would leave the repository";

    /// <summary>Reason for <see cref="InvalidGlob"/>.</summary>
    public const string GlobAbsolute = "globs are relative to the repository root, not absolute paths";

    /// <summary>Reason for <see cref="InvalidGlob"/>.</summary>
    public const string GlobBackslash = "use '/' as the path separator, not '\\'";

    /// <summary>Reason for <see cref="InvalidGlob"/>.</summary>
    public const string GlobEmpty = "a glob must not be empty or hold empty segments";

    /// <summary>GO1026: a symbolic link leading out of the repository.</summary>
    public const string SymlinkOutsideRepositoryCode = "GO1026";

    /// <summary>Template for <see cref="SymlinkOutsideRepositoryCode"/>. {0}: target; {1}: glob or folder that matched it.</summary>
    public const string SymlinkOutsideRepository = "symbolic link to '{0}' leads out of the repository (matched by '{1}'); links are never followed";

    /// <summary>GO1027 (warning): a symbolic link inside the repository, matched and skipped.</summary>
    public const string SymlinkNotFollowedCode = "GO1027";

    /// <summary>Template for <see cref="SymlinkNotFollowedCode"/>. {0}: target; {1}: glob or folder.</summary>
    public const string SymlinkNotFollowed = "symbolic link to '{0}' (matched by '{1}') is not followed; list the target's path instead";

    /// <summary>GO1028: nesting deeper than the limit.</summary>
    public const string NestingTooDeepCode = "GO1028";

    /// <summary>Template for <see cref="NestingTooDeepCode"/>. {0}: the limit.</summary>
    public const string NestingTooDeep = "nesting deeper than {0} levels; the rest of the file is ignored";

    /// <summary>GO1029: a document that is not a mapping.</summary>
    public const string DocumentNotMappingCode = "GO1029";

    /// <summary>Template for <see cref="DocumentNotMappingCode"/>. {0}: what it is.</summary>
    public const string DocumentNotMapping = "a document must be a mapping, got {0}";

    /// <summary>GO1030: the stack asked for does not exist.</summary>
    public const string StackNotFoundCode = "GO1030";

    /// <summary>Template for <see cref="StackNotFoundCode"/>. {0}: name; {1}: the stacks found.</summary>
    public const string StackNotFound = "no stack named '{0}' (stacks: {1})";

    /// <summary>GO1031: an invalid Pulumi type token.</summary>
    public const string InvalidTypeTokenCode = "GO1031";

    /// <summary>Template for <see cref="InvalidTypeTokenCode"/>. {0}: value; {1}: property path.</summary>
    public const string InvalidTypeToken = "invalid type token '{0}' for '{1}': expected 'package:module:Type' (e.g. 'aws:ec2/vpc:Vpc')";

    /// <summary>GO1032: an alias to an unknown anchor.</summary>
    public const string UnknownAliasCode = "GO1032";

    /// <summary>Template for <see cref="UnknownAliasCode"/>. {0}: anchor.</summary>
    public const string UnknownAlias = "alias '*{0}' refers to no anchor defined before it";

    /// <summary>GO1033: a mapping key that is not a scalar.</summary>
    public const string NonScalarKeyCode = "GO1033";

    /// <summary>Template for <see cref="NonScalarKeyCode"/>.</summary>
    public const string NonScalarKey = "mapping keys must be plain strings, not lists or mappings";

    /// <summary>GO1034: an invalid port or port range.</summary>
    public const string InvalidPortCode = "GO1034";

    /// <summary>Template for <see cref="InvalidPortCode"/>. {0}: value; {1}: property path.</summary>
    public const string InvalidPort = "invalid port range '{0}' for '{1}': expected 'a-b' with 1 <= a <= b <= 65535";

    /// <summary>GO1035: ports given for a protocol without ports.</summary>
    public const string PortsNotAllowedCode = "GO1035";

    /// <summary>Template for <see cref="PortsNotAllowedCode"/>. {0}: protocol.</summary>
    public const string PortsNotAllowed = "ports are not allowed for protocol '{0}'";

    /// <summary>GO1036: a provider that cannot serve a kind or setting.</summary>
    public const string ProviderMismatchCode = "GO1036";

    /// <summary>Template for <see cref="ProviderMismatchCode"/>. {0}: value; {1}: property path; {2}: provider; {3}: what is accepted.</summary>
    public const string ProviderMismatch = "invalid value '{0}' for '{1}' with provider '{2}': expected {3}";

    /// <summary>GO1037: a secret with both or neither of <c>fromEnv</c> and <c>secure</c>.</summary>
    public const string ExactlyOneOfCode = "GO1037";

    /// <summary>Template for <see cref="ExactlyOneOfCode"/>. {0}: where; {1}: the properties.</summary>
    public const string ExactlyOneOf = "{0} must set exactly one of {1}";

    /// <summary>GO1038: a Stack document in a source file.</summary>
    public const string StackInSourceFileCode = "GO1038";

    /// <summary>Template for <see cref="StackInSourceFileCode"/>.</summary>
    public const string StackInSourceFile = "'kind: Stack' documents belong in stacks/, not in a stack's sources";

    /// <summary>GO1039 (warning): a glob that matches no file.</summary>
    public const string GlobMatchesNothingCode = "GO1039";

    /// <summary>Template for <see cref="GlobMatchesNothingCode"/>. {0}: glob.</summary>
    public const string GlobMatchesNothing = "glob '{0}' matches no file";

    /// <summary>GO1040: a libvirt image that is neither <c>builtin:tiny</c> nor an absolute path.</summary>
    public const string InvalidImageCode = "GO1040";

    /// <summary>Template for <see cref="InvalidImageCode"/>. {0}: value; {1}: property path.</summary>
    public const string InvalidImage = "invalid libvirt image '{0}' for '{1}': expected 'builtin:tiny' or an absolute path to a qcow2 image";

    /// <summary>GO1041: a file that could not be read.</summary>
    public const string FileUnreadableCode = "GO1041";

    /// <summary>Template for <see cref="FileUnreadableCode"/>. {0}: the reason.</summary>
    public const string FileUnreadable = "file could not be read: {0}";

    /// <summary>GO1042: firewall <c>sources</c> on an egress rule or <c>destinations</c> on an ingress rule.</summary>
    public const string FirewallDirectionCode = "GO1042";

    /// <summary>Template for <see cref="FirewallDirectionCode"/>. {0}: property; {1}: direction.</summary>
    public const string FirewallDirection = "'{0}' is not allowed on an {1} rule (ingress rules take 'sources', egress rules 'destinations')";

    /// <summary>GO1043: an expression where a literal is required.</summary>
    public const string ExpressionNotAllowedCode = "GO1043";

    /// <summary>Template for <see cref="ExpressionNotAllowedCode"/>. {0}: property path.</summary>
    public const string ExpressionNotAllowed = "'{0}' must be a literal value: expressions ('${{...}}') are not allowed here";

    /// <summary>GO1044: an empty string where a value is required.</summary>
    public const string EmptyValueCode = "GO1044";

    /// <summary>Template for <see cref="EmptyValueCode"/>. {0}: property path.</summary>
    public const string EmptyValue = "'{0}' must not be empty";

    /// <summary>GO1045: a stack's <c>reconcile.dependsOn</c> names itself or no stack of the repository.</summary>
    public const string UnknownStackDependencyCode = "GO1045";

    /// <summary>Template for <see cref="UnknownStackDependencyCode"/>. {0}: the stack; {1}: the name; {2}: the stacks there are.</summary>
    public const string UnknownStackDependency = "stack '{0}' depends on '{1}', which is not another stack of this repository (stacks: {2})";

    /// <summary>GO1046: stacks whose <c>reconcile.dependsOn</c> form a cycle.</summary>
    public const string StackDependencyCycleCode = "GO1046";

    /// <summary>Template for <see cref="StackDependencyCycleCode"/>. {0}: the cycle, as 'a -> b -> a'.</summary>
    public const string StackDependencyCycle = "stacks depend on each other in a cycle: {0}";
}
