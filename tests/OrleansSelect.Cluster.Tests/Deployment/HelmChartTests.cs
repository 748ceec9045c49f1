namespace OrleansSelect.Cluster.Tests.Deployment;

/// <summary>
/// The chart, checked statically: no helm binary is available where this project is built, so the
/// templates are not rendered here. The values files are parsed; the templates are checked for
/// the blocks that carry each requirement.
/// </summary>
public class HelmChartTests
{
    private const string Chart = "helm/orleansselect";

    private static string Template(string name) => DeploymentFiles.Text($"{Chart}/templates/{name}");

    [Fact]
    public void No_password_is_in_the_values_and_the_secret_is_required_or_generated_and_kept()
    {
        var values = DeploymentFiles.Documents($"{Chart}/values.yaml").Single();
        Assert.Equal("", values.Scalar("postgres", "password"));
        Assert.Null(values.At("postgres", "connectionString"));

        var secret = Template("secret.yaml");
        Assert.Contains("required \"postgres.password or postgres.existingSecret is required to reach an external PostgreSQL\"", secret);
        Assert.Contains("lookup \"v1\" \"Secret\" .Release.Namespace $name", secret); // an upgrade keeps the password
        Assert.Contains("randAlphaNum 32", secret);
        Assert.Contains("helm.sh/resource-policy: keep", secret);
        foreach (var template in Directory.GetFiles(DeploymentFiles.PathOf($"{Chart}/templates")))
            Assert.DoesNotContain("Password=", File.ReadAllText(template));

        var silo = Template("silo.yaml");
        Assert.Contains("""
                        - name: ORLEANSSELECT_POSTGRES_PASSWORD
                          valueFrom:
                            secretKeyRef:
                              name: {{ include "orleansselect.secret" . }}
                              key: password
            """, silo);
    }

    [Fact]
    public void Pods_get_the_security_context_fs_group_limits_and_network_policy_from_the_values()
    {
        var values = DeploymentFiles.Documents($"{Chart}/values.yaml").Single();
        Assert.Equal("true", values.Scalar("podSecurityContext", "runAsNonRoot"));
        Assert.Equal("1654", values.Scalar("podSecurityContext", "runAsUser"));
        Assert.Equal("1654", values.Scalar("podSecurityContext", "fsGroup"));
        Assert.Equal("false", values.Scalar("securityContext", "allowPrivilegeEscalation"));
        Assert.NotNull(values.Scalar("resources", "limits", "cpu"));
        Assert.NotNull(values.Scalar("resources", "limits", "memory"));
        Assert.Equal("true", values.Scalar("networkPolicy", "enabled"));

        var silo = Template("silo.yaml");
        Assert.Contains("toYaml .Values.podSecurityContext | nindent 8", silo);
        Assert.Contains("toYaml .Values.securityContext | nindent 12", silo);
        Assert.Contains("toYaml .Values.resources.limits | nindent 14", silo);
        Assert.Contains("app.kubernetes.io/part-of: {{ .Release.Name }}", silo);
        Assert.Contains("fsGroup: 999", Template("postgres.yaml"));
        var policy = Template("networkpolicy.yaml");
        Assert.Contains("app.kubernetes.io/part-of: {{ .Release.Name }}", policy);
        Assert.Contains("port: {{ .Values.ports.silo }}", policy);
        Assert.Contains("port: {{ .Values.ports.gateway }}", policy);
        Assert.Equal(["delete", "get", "list", "patch", "watch"],
            Template("rbac.yaml").Split('\n').Single(l => l.Contains("verbs:")).Split('[', ']')[1].Split(',').Select(v => v.Trim(' ', '"')).Order());
    }

    [Fact]
    public void The_gpu_values_ask_for_gpus_on_gpu_nodes_and_run_the_silos_on_cuda()
    {
        var gpu = DeploymentFiles.Documents($"{Chart}/values-gpu.yaml").Single();
        Assert.Equal("true", gpu.Scalar("gpu", "enabled"));
        Assert.Equal("1", gpu.Scalar("gpu", "count"));
        Assert.Equal("true", gpu.Scalar("gpu", "nodeSelector", "nvidia.com/gpu.present"));
        Assert.Equal("nvidia.com/gpu", gpu.Items("gpu", "tolerations").Single().Scalar("key"));

        var silo = Template("silo.yaml");
        Assert.Contains("nvidia.com/gpu: {{ .Values.gpu.count }}", silo);
        Assert.Contains("toYaml .Values.gpu.nodeSelector | nindent 8", silo);
        Assert.Contains("toYaml .Values.gpu.tolerations | nindent 8", silo);
        Assert.Contains("value: {{ include \"orleansselect.device\" . | quote }}", silo);
        // gpu.enabled turns the device (the silos' --device) to cuda.
        Assert.Contains("{{- if .Values.gpu.enabled -}}{{ if hasPrefix \"cuda\" .Values.device }}{{ .Values.device }}{{ else }}cuda{{ end }}",
            Template("_helpers.tpl"));
    }
}
