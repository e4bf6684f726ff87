# One image for every role: web, scheduler, worker, migrate (docker-compose.yaml picks the command).
FROM node:24-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# bubblewrap: the sandbox every bash and script task runs in (TRIBUTARY_TASK_SANDBOX).
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci
COPY . .
RUN npx next build
# Every process runs as this unprivileged user; in the sandbox a task is uid 65534 of a user
# namespace, which maps back to this user, never to root.
RUN useradd --create-home --uid 10001 tributary && chown -R tributary /app/.next
USER tributary
EXPOSE 3000
CMD ["npx", "next", "start", "-p", "3000"]
