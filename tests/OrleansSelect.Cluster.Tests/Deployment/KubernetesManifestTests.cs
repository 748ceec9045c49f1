using YamlDotNet.RepresentationModel;

namespace OrleansSelect.Cluster.Tests.Deployment;

/// <summary>The plain manifests of k8s/, parsed: what can be checked without a cluster.</summary>
public class KubernetesManifestTests
{
    private static readonly string[] Manifests = ["namespace.yaml", "rbac.yaml", "postgres.yaml", "silo.yaml", "networkpolicy.yaml"];

    private static List<YamlMappingNode> All() => Manifests.SelectMany(m => DeploymentFiles.Documents($"k8s/{m}")).ToList();

    private static YamlMappingNode Object(string kind, string name) =>
        All().Single(d => d.Scalar("kind") == kind && d.Scalar("metadata", "name") == name);

    [Fact]
    public void Kustomization_applies_every_manifest_and_each_parses_with_a_kind_and_namespace()
    {
        var listed = DeploymentFiles.Documents("k8s/kustomization.yaml").Single().Items("resources")
            .Select(r => ((YamlScalarNode)r).Value!).ToList();
        Assert.Equal(Manifests.Order(), listed.Order());
        Assert.False(File.Exists(DeploymentFiles.PathOf("k8s/secret.yaml")));
        foreach (var document in All())
        {
            Assert.NotNull(document.Scalar("kind"));
            if (document.Scalar("kind") != "Namespace") Assert.Equal("orleansselect", document.Scalar("metadata", "namespace"));
        }
    }

    [Fact]
    public void No_manifest_holds_a_password_and_the_silos_take_it_from_the_secret()
    {
        Assert.DoesNotContain(All(), d => d.Scalar("kind") == "Secret");
        foreach (var manifest in Manifests)
            Assert.DoesNotContain("password=", DeploymentFiles.Text($"k8s/{manifest}"), StringComparison.OrdinalIgnoreCase);

        var env = Object("Deployment", "orleansselect-silo").Items("spec", "template", "spec", "containers").Single().Items("env").ToList();
        var password = env.Single(e => e.Scalar("name") == "ORLEANSSELECT_POSTGRES_PASSWORD");
        Assert.Equal("orleansselect-postgres", password.Scalar("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("password", password.Scalar("valueFrom", "secretKeyRef", "key"));
        Assert.StartsWith("Host=orleansselect-postgres;", env.Single(e => e.Scalar("name") == "ORLEANSSELECT_POSTGRES").Scalar("value"));
        Assert.Contains("kubectl -n orleansselect create secret generic orleansselect-postgres", DeploymentFiles.Text("k8s/README.md"));
    }

    [Theory]
    [InlineData("Deployment", "orleansselect-silo")]
    [InlineData("StatefulSet", "orleansselect-postgres")]
    public void Pods_run_as_non_root_with_an_fs_group_no_escalation_and_resource_limits(string kind, string name)
    {
        var pod = Object(kind, name).At("spec", "template", "spec")!;
        Assert.Equal("true", pod.Scalar("securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", pod.Scalar("securityContext", "runAsUser"));
        Assert.NotNull(pod.Scalar("securityContext", "fsGroup"));
        Assert.Equal("orleansselect", Object(kind, name).Scalar("spec", "template", "metadata", "labels", "app.kubernetes.io/part-of"));
        foreach (var container in pod.Items("containers"))
        {
            Assert.Equal("false", container.Scalar("securityContext", "allowPrivilegeEscalation"));
            Assert.Equal("ALL", container.Items("securityContext", "capabilities", "drop").Cast<YamlScalarNode>().Single().Value);
            Assert.NotNull(container.Scalar("resources", "requests", "cpu"));
            Assert.NotNull(container.Scalar("resources", "requests", "memory"));
            Assert.NotNull(container.Scalar("resources", "limits", "cpu"));
            Assert.NotNull(container.Scalar("resources", "limits", "memory"));
        }
    }

    [Fact]
    public void The_role_grants_only_the_pod_verbs_orleans_kubernetes_hosting_calls()
    {
        // 10.4.2 reads and patches its own pod, watches the cluster's pods and deletes dead silos' pods.
        var rule = Object("Role", "orleansselect-silo").Items("rules").Single();
        Assert.Equal([""], rule.Items("apiGroups").Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal(["pods"], rule.Items("resources").Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule.Items("verbs").Select(n => ((YamlScalarNode)n).Value!).Order());
    }

    [Fact]
    public void Silo_and_gateway_ports_admit_only_the_projects_own_pods()
    {
        var policy = Object("NetworkPolicy", "orleansselect-silo");
        Assert.Equal("orleansselect-silo", policy.Scalar("spec", "podSelector", "matchLabels", "app.kubernetes.io/name"));
        var fromOwnPods = policy.Items("spec", "ingress").Single(r => r.At("from") is not null);
        Assert.Equal("orleansselect", fromOwnPods.Items("from").Single().Scalar("podSelector", "matchLabels", "app.kubernetes.io/part-of"));
        Assert.Equal(["11111", "30000"], fromOwnPods.Items("ports").Select(p => p.Scalar("port")!).Order());
        // The rule open to all names the metrics port only.
        var open = policy.Items("spec", "ingress").Single(r => r.At("from") is null);
        Assert.Equal(["9464"], open.Items("ports").Select(p => p.Scalar("port")));

        var database = Object("NetworkPolicy", "orleansselect-postgres");
        Assert.Equal("orleansselect", database.Items("spec", "ingress").Single().Items("from").Single().Scalar("podSelector", "matchLabels", "app.kubernetes.io/part-of"));
    }

    [Fact]
    public void The_image_runs_as_the_unprivileged_user_the_pods_expect_with_a_writable_home_volume()
    {
        var lines = DeploymentFiles.Text("Dockerfile").Split('\n').Select(l => l.Trim()).ToList();
        var runtime = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM "))).ToList();
        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains("VOLUME /data", runtime);
        Assert.Contains(runtime, l => l.StartsWith("ENV ORLEANSSELECT_HOME=/data"));
        Assert.Contains(runtime, l => l.StartsWith("RUN mkdir -p /data && chown \"$APP_UID:$APP_UID\" /data"));
        Assert.DoesNotContain(lines, l => l.Contains("libstdc++", StringComparison.OrdinalIgnoreCase) && !l.StartsWith('#'));
        // APP_UID is 1654 in Microsoft's .NET images: the pods run as that uid.
        Assert.Equal("1654", Object("Deployment", "orleansselect-silo").Scalar("spec", "template", "spec", "securityContext", "runAsUser"));
    }
}
