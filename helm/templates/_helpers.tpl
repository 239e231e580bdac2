{{/* The chart's name, or nameOverride; at most 63 characters (a DNS label). */}}
{{- define "kro.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The name of the release's objects: fullnameOverride, else the release name when it already
contains the chart's name (release "kro" gives "kro"), else "<release>-<name>".
*/}}
{{- define "kro.fullname" -}}
{{- $name := include "kro.name" . -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The ServiceAccount kro-controller runs as. */}}
{{- define "kro.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "kro.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the controller's Pods; never change them across upgrades. */}}
{{- define "kro.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kro.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every object the chart renders (upstream's set), as a YAML map. */}}
{{- define "kro.labels" -}}
{{- $l := dict "app.kubernetes.io/name" (include "kro.name" .) "app.kubernetes.io/instance" .Release.Name -}}
{{- $_ := set $l "app.kubernetes.io/component" "controller" -}}
{{- $_ = set $l "app.kubernetes.io/part-of" "kro" -}}
{{- if .Values.metadata.includeHelmChart -}}
{{- $_ = set $l "helm.sh/chart" (printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-") -}}
{{- end -}}
{{- with .Chart.AppVersion -}}
{{- $_ = set $l "app.kubernetes.io/version" . -}}
{{- end -}}
{{- if .Values.metadata.includeManagedBy -}}
{{- $_ = set $l "app.kubernetes.io/managed-by" .Release.Service -}}
{{- end -}}
{{- toYaml (merge (deepCopy .Values.additionalLabels) $l) -}}
{{- end -}}

{{/* The port of a bind address such as ":8079" or "0.0.0.0:8079"; empty when it is "0". */}}
{{- define "kro.port" -}}
{{- if ne (toString .) "0" -}}
{{- regexFind "[0-9]+$" (toString .) -}}
{{- end -}}
{{- end -}}

{{/* Names of the ClusterRole and ClusterRoleBinding, as upstream's chart names them. */}}
{{- define "kro.clusterRoleName" -}}
{{- if eq .Values.rbac.mode "unrestricted" -}}
{{- include "kro.fullname" . }}-cluster-role
{{- else -}}
{{- include "kro.fullname" . }}:controller
{{- end -}}
{{- end -}}
{{- define "kro.clusterRoleBindingName" -}}
{{- if eq .Values.rbac.mode "unrestricted" -}}
{{- include "kro.fullname" . }}-cluster-role-binding
{{- else -}}
{{- include "kro.fullname" . }}:controller
{{- end -}}
{{- end -}}
