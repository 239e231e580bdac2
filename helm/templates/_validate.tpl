{{/*
Values upstream's chart has that kro-cpp cannot honour. Rendering stops with the value's name
rather than installing something that silently behaves differently. deployment.yaml includes
this first.
*/}}
{{- define "kro.validate" -}}
{{- $v := .Values -}}
{{- if $v.image.ko -}}
{{- fail "image.ko=true is not supported by kro-cpp: it has no ko entrypoint; set image.repository and image.tag" -}}
{{- end -}}
{{- if $v.debug.pprof.enabled -}}
{{- fail "debug.pprof.enabled=true is not supported by kro-cpp: kro-controller has no pprof endpoint" -}}
{{- end -}}
{{- if $v.config.enableControllerWarmup -}}
{{- fail "config.enableControllerWarmup=true is not supported by kro-cpp: kro-controller has no --enable-controller-warmup" -}}
{{- end -}}
{{- $level := toString $v.config.logLevel -}}
{{- if not (has $level (list "trace" "debug" "info" "warn" "error")) -}}
{{- fail (printf "config.logLevel=%s is not supported by kro-cpp: use trace, debug, info, warn or error" $level) -}}
{{- end -}}
{{- if not (has (toString $v.config.logEncoder) (list "console" "json")) -}}
{{- fail (printf "config.logEncoder=%v is not supported: use console or json" $v.config.logEncoder) -}}
{{- end -}}
{{- if not (has (toString $v.rbac.mode) (list "unrestricted" "aggregation")) -}}
{{- fail (printf "rbac.mode=%v is not supported: use unrestricted or aggregation" $v.rbac.mode) -}}
{{- end -}}
{{- range $gate, $on := $v.config.featureGates -}}
{{- if not (has $gate (list "InstanceConditionEvents" "InstanceConditionMetrics" "CELOmitFunction")) -}}
{{- fail (printf "config.featureGates.%s is not supported by kro-cpp: known gates are InstanceConditionEvents, InstanceConditionMetrics and CELOmitFunction" $gate) -}}
{{- end -}}
{{- end -}}
{{- if and (gt (int $v.deployment.replicaCount) 1) (not $v.config.enableLeaderElection) -}}
{{- fail (printf "deployment.replicaCount=%v needs config.enableLeaderElection=true: replicas would reconcile the same objects at once" $v.deployment.replicaCount) -}}
{{- end -}}
{{- end -}}
