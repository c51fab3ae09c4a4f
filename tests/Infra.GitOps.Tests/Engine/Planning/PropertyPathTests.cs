using System.Collections.Immutable;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Model;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Engine.Planning;

public class PropertyPathTests
{
    private static readonly ObjectValue Root = ObjectValue.From(
    [
        KeyValuePair.Create("id", (PropertyValue)new StringValue("i-1")),
        KeyValuePair.Create("tags", (PropertyValue)ObjectValue.From([KeyValuePair.Create("env", (PropertyValue)new StringValue("dev"))])),
        KeyValuePair.Create("odd.key", (PropertyValue)new StringValue("odd")),
        KeyValuePair.Create("list", (PropertyValue)new ArrayValue([new StringValue("a"), new StringValue("b")])),
    ]);

    [TestCase("id", "i-1")]
    [TestCase("tags.env", "dev")]
    [TestCase("[\"odd.key\"]", "odd")]
    [TestCase("list[1]", "b")]
    [TestCase("missing", null)]
    [TestCase("id.deeper", null)]
    [TestCase("list[2]", null)]
    public void Get_Path_FindsTheValueOrNull(string path, string? expected)
    {
        var found = PropertyPath.Get(Root, path);

        Assert.That((found as StringValue)?.Value, Is.EqualTo(expected));
    }

    [Test]
    public void Get_OneKeyOrSegments_SameAnswer()
    {
        // A one-key path skips parsing; it must answer exactly as the parsed segments do.
        foreach (var key in new[] { "id", "tags", "missing", "odd.key" })
        {
            Assert.That(PropertyPath.Get(Root, key), Is.EqualTo(PropertyPath.Get(Root, PropertyPath.Parse(key))), key);
        }
    }

    [Test]
    public void Get_OneKeyThroughSecretRoot_StaysSecret()
    {
        var secret = new SecretValue(Root);

        var found = PropertyPath.Get(secret, "id");

        Assert.That(found, Is.EqualTo(new SecretValue(new StringValue("i-1"))));
    }

    [Test]
    public void Get_OneKeyOnNonObject_IsNull()
    {
        Assert.That(PropertyPath.Get(new StringValue("text"), "id"), Is.Null);
    }

    [Test]
    public void Get_EmptyPath_IsTheRoot()
    {
        Assert.That(PropertyPath.Get(Root, string.Empty), Is.SameAs(Root));
    }

    [Test]
    public void Set_OneKey_ReplacesOnlyThatKey()
    {
        var set = PropertyPath.Set(Root, "id", new StringValue("i-2"));

        Assert.Multiple(() =>
        {
            Assert.That(set["id"], Is.EqualTo(new StringValue("i-2")));
            Assert.That(set["tags"], Is.SameAs(Root["tags"]));
            Assert.That(PropertyPath.Set(Root, "id", null)["id"], Is.Null);
        });
    }

    [TestCase("name", "name")]
    [TestCase("tags.env", "tags")]
    [TestCase("list[0]", "list")]
    [TestCase("[\"odd.key\"].x", "odd.key")]
    public void TopLevel_Path_IsItsFirstKey(string path, string expected)
    {
        Assert.That(PropertyPath.TopLevel(path), Is.EqualTo(expected));
    }

    [TestCase("", "name", "name")]
    [TestCase("tags", "env", "tags.env")]
    [TestCase("", "odd.key", "[\"odd.key\"]")]
    [TestCase("tags", "with space", "tags[\"with space\"]")]
    public void Child_Key_AppendsSimpleKeysWithADotAndOthersQuoted(string parent, string key, string expected)
    {
        Assert.That(PropertyPath.Child(parent, key), Is.EqualTo(expected));
    }

    [Test]
    public void TopLevelKeys_FewOrManyChanges_EachKeyOnceInFirstOrder()
    {
        // "a", "a-b" and "a.x" sort with "a-b" between the two changes under "a": a key may come back after another.
        string[] paths = ["a", "a-b", "a.x", "b[0]", "b[1]", "a-b.y"];
        var few = paths.Select(p => new PropertyChange(p, Providers.PropertyDiffKind.Update, null, null)).ToImmutableArray();
        var many = Enumerable.Repeat(few, 4).SelectMany(c => c).ToImmutableArray();

        Assert.Multiple(() =>
        {
            Assert.That(Planner.TopLevelKeys(few), Is.EqualTo(new[] { "a", "a-b", "b" }));
            Assert.That(Planner.TopLevelKeys(many), Is.EqualTo(new[] { "a", "a-b", "b" }), "more changes than a scan is used for");
            Assert.That(Planner.TopLevelKeys([]), Is.Empty);
        });
    }
}
