{{/*
The one pod template every SensorWatch Deployment uses.
Pass (dict "root" $ "component" "scorer" "role" .Values.scorer).
*/}}
{{- define "sensorwatch.podTemplate" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
metadata:
  labels:
    {{- include "sensorwatch.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
    {{- with $values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- if and $values.kafka.auth.enabled (not $values.kafka.auth.existingSecret) }}
    checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
    {{- end }}
    {{- with $values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "sensorwatch.serviceAccountName" $root }}
  automountServiceAccountToken: {{ $values.serviceAccount.automountToken }}
  {{- with $values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml $values.podSecurityContext | nindent 4 }}
  containers:
    - name: sensorwatch
      image: {{ include "sensorwatch.image" $root }}
      imagePullPolicy: {{ $values.image.pullPolicy }}
      args:
        {{- toYaml .role.args | nindent 8 }}
        - --config
        - /etc/sensorwatch/appsettings.json
      ports:
        - name: telemetry
          containerPort: {{ $values.telemetry.port }}
          protocol: TCP
      env:
        - name: OTEL_SERVICE_NAME
          value: {{ printf "sensorwatch-%s" .component }}
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: OTEL_RESOURCE_ATTRIBUTES
          value: "k8s.pod.name=$(POD_NAME),k8s.namespace.name={{ $root.Release.Namespace }}"
        {{- if $values.kafka.auth.enabled }}
        - name: SENSORWATCH__KAFKA__CLIENT__sasl.username
          valueFrom:
            secretKeyRef:
              name: {{ include "sensorwatch.kafkaSecretName" $root }}
              key: {{ $values.kafka.auth.usernameKey }}
        - name: SENSORWATCH__KAFKA__CLIENT__sasl.password
          valueFrom:
            secretKeyRef:
              name: {{ include "sensorwatch.kafkaSecretName" $root }}
              key: {{ $values.kafka.auth.passwordKey }}
        {{- end }}
        {{- with $values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      startupProbe:
        httpGet:
          path: /alive
          port: telemetry
        periodSeconds: {{ $values.probes.startup.periodSeconds }}
        failureThreshold: {{ $values.probes.startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: /alive
          port: telemetry
        initialDelaySeconds: {{ $values.probes.liveness.initialDelaySeconds }}
        periodSeconds: {{ $values.probes.liveness.periodSeconds }}
        timeoutSeconds: {{ $values.probes.liveness.timeoutSeconds }}
        failureThreshold: {{ $values.probes.liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: /health
          port: telemetry
        initialDelaySeconds: {{ $values.probes.readiness.initialDelaySeconds }}
        periodSeconds: {{ $values.probes.readiness.periodSeconds }}
        timeoutSeconds: {{ $values.probes.readiness.timeoutSeconds }}
        failureThreshold: {{ $values.probes.readiness.failureThreshold }}
      resources:
        {{- toYaml .role.resources | nindent 8 }}
      securityContext:
        {{- toYaml $values.securityContext | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: /etc/sensorwatch
          readOnly: true
        - name: tmp
          mountPath: /tmp
        - name: data
          mountPath: /data
  volumes:
    - name: config
      configMap:
        name: {{ include "sensorwatch.fullname" $root }}
    - name: tmp
      emptyDir:
        sizeLimit: {{ $values.tmpSizeLimit }}
    - name: data
      {{- if and (eq .component "trainer") $values.modelStore.persistence }}
      persistentVolumeClaim:
        claimName: {{ default (printf "%s-models" (include "sensorwatch.fullname" $root)) $values.modelStore.existingClaim }}
      {{- else }}
      emptyDir: {}
      {{- end }}
  {{- with $values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
