'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { datasetShortForm } from '@/server/domain/catalog/dataset-short-form';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';

/** One save of curated fields; the page's query takes the answer, so every section shows it at once. */
export function useDatasetUpdate(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation(trpc.datasets.update.mutationOptions({
    onSuccess: (page) => {
      queryClient.setQueryData(trpc.datasets.page.queryKey({ id }), page);
      void queryClient.invalidateQueries({ queryKey: trpc.datasets.list.pathKey() });
      toast.success('Dataset saved', { description: datasetShortForm(page) });
    },
  }));
}
